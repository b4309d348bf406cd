// A separate process that sends PING about every millisecond on its own connection and keeps the round-trip times:
// what another client of Redis waits while something else (a sampler pipeline, a Lua walk) holds the event loop.
// Forked by bench/memory.bench.ts; the parent sends 'report' (answered with the stats since the last report) and 'stop'.
import Redis from 'ioredis';

export interface PingStats {
  count: number;
  maxMs: number;
  p999Ms: number;
  p99Ms: number;
}

function stats(rtts: number[]): PingStats {
  const sorted = [...rtts].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, maxMs: sorted[sorted.length - 1] ?? 0, p999Ms: at(0.999), p99Ms: at(0.99) };
}

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const client = new Redis({ host: '127.0.0.1', port, enableAutoPipelining: false });
  let rtts: number[] = [];
  let running = true;
  process.on('message', (msg) => {
    if (msg === 'report') {
      process.send?.(stats(rtts));
      rtts = [];
    } else if (msg === 'stop') running = false;
  });
  // Bounded: at most 30 minutes, whatever the parent does.
  const deadline = Date.now() + 30 * 60_000;
  while (running && Date.now() < deadline) {
    const t0 = process.hrtime.bigint();
    await client.ping();
    rtts.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  client.disconnect();
  process.exit(0);
}

if (require.main === module) void main();
