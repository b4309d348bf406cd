// A fleet through /scrape?target=: 20 real Redis servers, each with its own password, scraped round after round by
// redis-lens with the connection pool (default), redis-lens with --scrape.pool-size 0 (one connection per scrape, as
// before the pool) and Debian's prometheus-redis-exporter 1.45 (its --redis.password-file JSON map of URI →
// password). Rounds alternate between the three so they see the same servers. Per target-scrape: latency, exporter
// CPU (/proc utime+stime) and connections the servers accepted (INFO total_connections_received).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import {
  freePort,
  releasePort,
  removeDir,
  spawnManaged,
  startRedis,
  startRedisLensExporter,
  tempDir,
  waitFor,
  type ManagedProcess,
  type RedisServer,
} from '@redis-lens/testkit';
import { CLOCK_TICKS, cpuTicks } from './lib/proc';
import { percentile, recordRows, row } from './lib/results';

const TARGETS = Number(process.env.BENCH_FLEET_TARGETS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP = 3;

interface Measured {
  ms: number[];
  ticks: number;
  connections: number;
}

async function main() {
  const dir = tempDir('bench-fleet');
  const servers: RedisServer[] = [];
  const admins: Redis[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    for (let i = 0; i < TARGETS; i++) servers.push(await startRedis({ password: `bench-fleet-pw-${i}` }));
    for (const s of servers) admins.push(s.client());
    const url = (s: RedisServer) => `redis://127.0.0.1:${s.port}`;
    servers.forEach((_, i) => writeFileSync(join(dir, `pw-${i}`), `bench-fleet-pw-${i}\n`));
    const credentials = join(dir, 'credentials.json');
    writeFileSync(
      credentials,
      JSON.stringify({ targets: servers.map((s, i) => ({ match: url(s), password_file: `pw-${i}` })) }),
    );
    const theirPasswords = join(dir, 'redis-exporter-passwords.json');
    writeFileSync(
      theirPasswords,
      JSON.stringify(Object.fromEntries(servers.map((s, i) => [url(s), `bench-fleet-pw-${i}`]))),
    );

    const common = ['--scrape.allowed-targets=redis://127.0.0.1', '--hotkeys.enabled=false', '--log.level=warn'];
    const env = { REDIS_EXPORTER_SCRAPE_CREDENTIALS_FILE: credentials };
    const pooled = await startRedisLensExporter(`127.0.0.1:${servers[0].port}`, common, env);
    stops.push(pooled.stop);
    const unpooled = await startRedisLensExporter(
      `127.0.0.1:${servers[0].port}`,
      [...common, '--scrape.pool-size=0'],
      env,
    );
    stops.push(unpooled.stop);
    const theirPort = await freePort();
    const theirs: ManagedProcess = spawnManaged(
      'prometheus-redis-exporter',
      'prometheus-redis-exporter',
      ['-redis.addr=', '-redis.password-file', theirPasswords, '-web.listen-address', `127.0.0.1:${theirPort}`],
      { cwd: dir, logFile: join(dir, 'theirs.log') },
    );
    stops.push(async () => {
      await theirs.stop();
      releasePort(theirPort);
    });

    const exporters = {
      pooled: { base: `http://${pooled.address}`, pid: pooled.process.pid },
      unpooled: { base: `http://${unpooled.address}`, pid: unpooled.process.pid },
      theirs: { base: `http://127.0.0.1:${theirPort}`, pid: theirs.pid },
    };
    const scrape = async (base: string, s: RedisServer): Promise<number> => {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/scrape?target=${encodeURIComponent(url(s))}`);
      const body = await res.text();
      if (!res.ok || !/\nredis_up 1\b/.test(body)) throw new Error(`${base} could not scrape ${url(s)}: ${res.status}`);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    await waitFor('all three exporters scrape every target', async () => {
      for (const e of Object.values(exporters)) for (const s of servers) await scrape(e.base, s);
      return true;
    });
    const received = async () => {
      let total = 0;
      for (const a of admins) total += Number(/total_connections_received:(\d+)/.exec(await a.info('stats'))![1]);
      return total;
    };
    const results: Record<keyof typeof exporters, Measured> = {
      pooled: { ms: [], ticks: 0, connections: 0 },
      unpooled: { ms: [], ticks: 0, connections: 0 },
      theirs: { ms: [], ticks: 0, connections: 0 },
    };
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (const [name, e] of Object.entries(exporters) as [keyof typeof exporters, (typeof exporters)['pooled']][]) {
        const [ticks0, conns0] = [cpuTicks(e.pid), await received()];
        const ms: number[] = [];
        for (const s of servers) ms.push(await scrape(e.base, s));
        if (round < WARMUP) continue;
        results[name].ms.push(...ms);
        results[name].ticks += cpuTicks(e.pid) - ticks0;
        results[name].connections += (await received()) - conns0;
      }
    }

    const n = ROUNDS * TARGETS;
    const p = (m: Measured, q: number) =>
      percentile(
        [...m.ms].sort((a, b) => a - b),
        q,
      );
    const cpu = (m: Measured) => (m.ticks * 1000) / CLOCK_TICKS / n;
    const conns = (m: Measured) => m.connections / n;
    const notes = `${TARGETS} password-protected Redis 7 targets × ${ROUNDS} rounds through /scrape, sequential, alternating exporters per round; 2-core VM shared with other jobs`;
    const { pooled: ours, unpooled: single, theirs: go } = results;
    const go145 = (what: string, value: number) => ({ name: `prometheus-redis-exporter 1.45 ${what}`, value });
    const noPool = (what: string, value: number) => ({ name: `redis-lens --scrape.pool-size 0 ${what}`, value });
    recordRows([
      row('fleet: /scrape latency p50', p(ours, 50), 'ms', go145('/scrape latency p50', p(go, 50)), notes),
      row('fleet: /scrape latency p99', p(ours, 99), 'ms', go145('/scrape latency p99', p(go, 99)), notes),
      row('fleet: CPU per target-scrape', cpu(ours), 'ms', go145('CPU per target-scrape', cpu(go)), notes),
      row('fleet: connections per target-scrape', conns(ours), 'connections', go145('connections', conns(go)), notes),
      row('fleet: /scrape latency p50 vs no pool', p(ours, 50), 'ms', noPool('latency p50', p(single, 50)), notes),
      row('fleet: CPU per target-scrape vs no pool', cpu(ours), 'ms', noPool('CPU', cpu(single)), notes),
    ]);
  } finally {
    for (const a of admins) a.disconnect();
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await Promise.allSettled(servers.map((s) => s.stop()));
    removeDir(dir);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
