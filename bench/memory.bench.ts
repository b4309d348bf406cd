// `npm run bench memory`: memory by key group (issue 21) on a real Redis with 1M keys, beside the anchors, in one run.
// - Keyspace: 1M keys in six patterns with Pareto ("Zipf-like") sizes, mixed types and TTLs (some without), loaded
//   through `redis-cli --pipe` (bounded: 300 s).
// - Truth: an exact walk (SCAN + MEMORY USAGE SAMPLES 5 of every key, grouped by the same Lua patterns).
// - redis-lens: the memory sampler (exporter/src/memory/sampler.ts) with its defaults and --check-key-groups; until
//   its first complete window (100,000 keys). Error per group vs the truth, beside its own 95 % band.
// - Anchors on the same data: Debian's prometheus-redis-exporter 1.45 -check-key-groups (one scrape = one Lua walk of
//   the whole keyspace) and `redis-cli --memkeys`.
// - Cost: Redis CPU (INFO cpu deltas, minus the pinger's baseline rate), exporter CPU, the longest PING round trip
//   of a 1 ms pinger in its own process (how long another client waited) and LATENCY LATEST (threshold 1 ms).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import {
  freePort,
  getText,
  releasePort,
  removeDir,
  spawnManaged,
  startRedis,
  startRedisLensExporter,
  tempDir,
  waitFor,
  type RedisLensExporter,
  type RedisServer,
} from '@redis-lens/testkit';
import { requireBinary } from '../testkit/src/binaries';
import { cpuTicks, CLOCK_TICKS } from './lib/proc';
import type { PingStats } from './lib/pinger';
import { recordRows, row, type BenchRow } from './lib/results';

const KEYS = Number(process.env.MEMORY_BENCH_KEYS ?? 1_000_000);
const LOAD_TIMEOUT_MS = 300_000;
const SAMPLER_TIMEOUT_MS = 240_000;
const GROUP_PATTERNS = ['session', 'user', 'cache', 'feed', 'lb', 'tmp'].map((p) => `^(${p}):`);

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(21);
/** Pareto(min, alpha) capped: the heavy tail Zipf-ranked sizes have. */
const pareto = (min: number, alpha: number, cap: number) =>
  Math.min(cap, Math.floor(min * Math.pow(1 - random(), -1 / alpha)));
const id = () => Math.floor(random() * 2 ** 52).toString(36);
const HOUR = 3_600_000;

/** Prometheus text → `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

function resp(args: (string | number)[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) {
    const s = String(a);
    out += `$${s.length}\r\n${s}\r\n`;
  }
  return out;
}

const fillers = new Map<number, string>();
const filler = (n: number) => {
  let s = fillers.get(n);
  if (!s) fillers.set(n, (s = 'x'.repeat(n)));
  return s;
};

/** The commands creating one key of the mix. */
function keyCommands(): string {
  const u = random();
  if (u < 0.4)
    return resp([
      'SET',
      `session:${id()}`,
      filler(pareto(40, 1.5, 4000)),
      'PX',
      55 * 60_000 + Math.floor(random() * 5 * 60_000),
    ]);
  if (u < 0.6) {
    const key = `user:${id()}:profile`;
    const fields = pareto(3, 1.5, 200);
    const args: (string | number)[] = ['HSET', key];
    for (let f = 0; f < fields; f++) args.push(`f${f}`, filler(10));
    return resp(args) + resp(['PEXPIRE', key, 24 * HOUR + Math.floor(random() * 6 * 24 * HOUR)]);
  }
  if (u < 0.85)
    return resp([
      'SET',
      `cache:${id()}`,
      filler(pareto(100, 1.2, 50_000)),
      'PX',
      HOUR + Math.floor(random() * 23 * HOUR),
    ]);
  if (u < 0.93) {
    const n = pareto(5, 1.3, 1000);
    return resp(['RPUSH', `feed:${id()}`, ...Array.from({ length: n }, (_, i) => `entry-${i}-${filler(12)}`)]);
  }
  if (u < 0.98) {
    const n = pareto(5, 1.5, 500);
    const args: (string | number)[] = ['ZADD', `lb:${id()}`];
    for (let i = 0; i < n; i++) args.push(i, `member-${i}`);
    return resp(args);
  }
  return resp(['SET', `tmp:${id()}`, filler(10)]);
}

async function load(redis: RedisServer): Promise<void> {
  const cli = spawn(requireBinary('redis-cli'), ['-p', String(redis.port), '--pipe'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  cli.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<number>((resolve) => cli.on('exit', (code) => resolve(code ?? 1)));
  const timer = setTimeout(() => cli.kill('SIGKILL'), LOAD_TIMEOUT_MS);
  let chunk = '';
  for (let i = 0; i < KEYS; i++) {
    chunk += keyCommands();
    if (chunk.length > 1 << 20 || i === KEYS - 1) {
      if (!cli.stdin!.write(chunk)) await new Promise((resolve) => cli.stdin!.once('drain', resolve));
      chunk = '';
    }
  }
  cli.stdin!.end();
  const code = await done;
  clearTimeout(timer);
  if (code !== 0 || !/errors: 0/.test(output))
    throw new Error(`redis-cli --pipe failed (${code}): ${output.slice(-300)}`);
}

const groupOf = (key: Buffer) =>
  /^(session|user|cache|feed|lb|tmp):/.exec(key.toString('latin1'))?.[1] ?? 'unclassified';

async function exactWalk(client: Redis): Promise<Map<string, { keys: number; bytes: number }>> {
  const out = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scanBuffer(cursor, 'COUNT', 1000);
    cursor = next.toString();
    const p = client.pipeline();
    for (const k of keys) p.call('MEMORY', 'USAGE', k, 'SAMPLES', '5');
    const replies = (await p.exec()) ?? [];
    keys.forEach((k, i) => {
      const t = out.get(groupOf(k)) ?? { keys: 0, bytes: 0 };
      t.keys++;
      t.bytes += Number(replies[i][1] ?? 0);
      out.set(groupOf(k), t);
    });
  } while (cursor !== '0');
  return out;
}

async function redisCpuSeconds(client: Redis): Promise<number> {
  const info = String(await client.info('cpu'));
  const f = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return f('used_cpu_sys') + f('used_cpu_user');
}

/** The longest latency event LATENCY LATEST recorded, and which events (`command`, `expire-cycle`, …) reached 1 ms. */
async function latencyMax(client: Redis): Promise<{ ms: number; events: string }> {
  const latest = (await client.call('LATENCY', 'LATEST')) as [string, number, number, number][];
  const events = latest.map((e) => `${String(e[0])} ${Number(e[3])} ms`).join(', ');
  return { ms: Math.max(0, ...latest.map((e) => Number(e[3]))), events: events || 'none' };
}

class Pinger {
  private readonly child: ChildProcess;
  constructor(port: number) {
    this.child = fork(join(__dirname, 'lib', 'pinger.ts'), [String(port)], { execArgv: ['-r', '@swc-node/register'] });
  }
  report(): Promise<PingStats> {
    return new Promise((resolve) => {
      this.child.once('message', (m) => resolve(m as PingStats));
      this.child.send('report');
    });
  }
  stop(): void {
    this.child.send('stop');
    setTimeout(() => this.child.kill('SIGKILL'), 2000).unref();
  }
}

interface Cost {
  wallMs: number;
  redisCpuMs: number;
  /** Redis's own time per command of each kind (INFO commandstats deltas): calls and µs. */
  commands: Map<string, { calls: number; usec: number }>;
}

async function commandStats(client: Redis): Promise<Map<string, { calls: number; usec: number }>> {
  const out = new Map<string, { calls: number; usec: number }>();
  for (const m of String(await client.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    out.set(m[1], { calls: Number(m[2]), usec: Number(m[3]) });
  }
  return out;
}

/** Runs `work` alone against Redis (no pinger): Redis CPU (INFO cpu) and per-command time around it. */
async function cost(client: Redis, work: () => Promise<void>): Promise<Cost> {
  const stats0 = await commandStats(client);
  const cpu0 = await redisCpuSeconds(client);
  const t0 = Date.now();
  await work();
  const wallMs = Date.now() - t0;
  const cpu1 = await redisCpuSeconds(client);
  const stats1 = await commandStats(client);
  const commands = new Map<string, { calls: number; usec: number }>();
  for (const [name, after] of stats1) {
    const before = stats0.get(name) ?? { calls: 0, usec: 0 };
    if (after.calls > before.calls)
      commands.set(name, { calls: after.calls - before.calls, usec: after.usec - before.usec });
  }
  return { wallMs, redisCpuMs: (cpu1 - cpu0) * 1000, commands };
}

/** Runs `work` with the 1 ms pinger: the longest wait of another client, and LATENCY LATEST (threshold 1 ms). */
async function blocking(
  client: Redis,
  pinger: Pinger,
  work: () => Promise<void>,
): Promise<{ ping: PingStats; latencyMs: number; latencyEvents: string }> {
  await client.call('LATENCY', 'RESET');
  await pinger.report();
  await work();
  const ping = await pinger.report();
  const latency = await latencyMax(client);
  return { ping, latencyMs: latency.ms, latencyEvents: latency.events };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const load0 = loadavg()[0];
  const redis = await startRedis({ config: ['latency-monitor-threshold 1'] });
  const client = redis.client();
  const dir = tempDir('memory-bench');
  let pinger: Pinger | undefined;
  let theirs: ReturnType<typeof spawnManaged> | undefined;
  let theirPort: number | undefined;
  let lens: RedisLensExporter | undefined;
  const lensArgs = ['--hotkeys.enabled=false', '--check-key-groups', GROUP_PATTERNS.join(',')];
  try {
    const tLoad = Date.now();
    await load(redis);
    const loadMs = Date.now() - tLoad;
    const dbsize = await client.dbsize();
    const usedMemory = Number(/used_memory:(\d+)/.exec(String(await client.info('memory')))?.[1]);
    console.log(`loaded ${dbsize} keys in ${loadMs} ms, used_memory ${(usedMemory / 2 ** 20).toFixed(0)} MiB`);
    const tWalk = Date.now();
    const truth = await exactWalk(client);
    const walkMs = Date.now() - tWalk;
    const totalBytes = [...truth.values()].reduce((sum, t) => sum + t.bytes, 0);
    console.log('truth', Object.fromEntries(truth), `exact walk ${walkMs} ms`);

    // Redis's own CPU with no client (serverCron, active expiry), said beside the cost rows: over a long window it is
    // part of the value, which stays raw (INFO cpu deltas) as in earlier runs.
    const idle0 = await redisCpuSeconds(client);
    const tIdle = Date.now();
    await sleep(10_000);
    const idleMsPerS = (((await redisCpuSeconds(client)) - idle0) * 1000) / ((Date.now() - tIdle) / 1000);

    // redis-lens, cost: the real exporter (built CLI, own process) with its defaults and --check-key-groups until its
    // first complete window or SAMPLER_TIMEOUT_MS. /metrics is read every 1 s until the first estimate, then every 10 s.
    let firstEstimateMs = NaN;
    let metrics = new Map<string, number>();
    let ourTicks = 0;
    const ours = await cost(client, async () => {
      const started = Date.now();
      lens = await startRedisLensExporter(`127.0.0.1:${redis.port}`, lensArgs);
      const ticks0 = cpuTicks(lens.process.pid);
      while (Date.now() - started < SAMPLER_TIMEOUT_MS) {
        metrics = parseMetrics((await getText(`http://${lens.address}/metrics`)).body);
        const groups = [...metrics.keys()].filter((k) => k.startsWith('redis_key_group_memory_usage_bytes{')).length;
        if (Number.isNaN(firstEstimateMs) && groups >= truth.size) firstEstimateMs = Date.now() - started;
        if (metrics.has('redis_last_key_groups_scrape_duration_milliseconds')) break;
        await sleep(Number.isNaN(firstEstimateMs) ? 1000 : 10_000);
      }
      ourTicks = cpuTicks(lens.process.pid) - ticks0;
      await lens.stop();
      lens = undefined;
    });
    const exporterCpuMs = (ourTicks / CLOCK_TICKS) * 1000;
    const usecTotal = (c: Cost) => [...c.commands.values()].reduce((sum, x) => sum + x.usec, 0) / 1000;
    console.log(
      `redis-lens: Redis CPU ${ours.redisCpuMs.toFixed(0)} ms, in commands ${usecTotal(ours).toFixed(0)} ms:`,
      Object.fromEntries(ours.commands),
    );
    const value = (name: string, group: string) => metrics.get(`${name}{db="db0",key_group="${group}"}`) ?? NaN;
    const complete = metrics.has('redis_last_key_groups_scrape_duration_milliseconds');
    const coverage = metrics.get('redis_key_groups_sample_coverage_ratio{db="db0"}') ?? NaN;
    const sampled = metrics.get('redis_key_groups_sampled_keys{db="db0"}') ?? NaN;
    const sent = metrics.get('redis_exporter_memory_sampler_commands_total') ?? NaN;
    // Redis's time for one sampler batch: the measuring script's average EVALSHA_RO time (its inner SCAN, MEMORY
    // USAGE, TYPE, PTTL and counts included), or, where scripts are refused, the pipelined commands' averages. INFO
    // commandstats times are wall time inside Redis, so on a loaded machine they include time the server was
    // descheduled: an upper bound.
    const avg = (name: string) => {
      const c = ours.commands.get(name);
      return c && c.calls ? c.usec / c.calls : 0;
    };
    const countAvg = ['strlen', 'llen', 'scard', 'zcard', 'hlen'].reduce((m, n) => Math.max(m, avg(n)), 0);
    // The sampler's batch is one EVALSHA_RO (SCAN + measuring, measure-script.ts) of a steered size (batch-size.ts).
    const scripted = ours.commands.has('evalsha_ro');
    const batchCalls = (scripted ? ours.commands.get('evalsha_ro') : ours.commands.get('scan'))?.calls ?? 0;
    const keysPerBatch = batchCalls ? (ours.commands.get('memory|usage')?.calls ?? 0) / batchCalls : NaN;
    const batchUsec = scripted
      ? avg('evalsha_ro')
      : keysPerBatch * (avg('memory|usage') + (avg('type') + avg('pttl') + countAvg) / 8) + avg('scan');

    // Anchor 1, cost: redis_exporter 1.45 -check-key-groups, one scrape = one Lua walk over every key.
    theirPort = await freePort();
    theirs = spawnManaged(
      'prometheus-redis-exporter',
      'prometheus-redis-exporter',
      [
        '-redis.addr',
        redis.url(),
        '-web.listen-address',
        `127.0.0.1:${theirPort}`,
        '-check-key-groups',
        GROUP_PATTERNS.join(','),
      ],
      { cwd: dir, logFile: join(dir, 'debian-exporter.log') },
    );
    // Its index page answers without scraping Redis.
    await waitFor(
      'redis_exporter to serve',
      async () => (await getText(`http://127.0.0.1:${theirPort}/`)).status === 200,
    );
    const theirTicks0 = cpuTicks(theirs.pid);
    let theirBody = '';
    const anchor = await cost(client, async () => {
      theirBody = (await getText(`http://127.0.0.1:${theirPort}/metrics`)).body;
    });
    const theirCpuMs = ((cpuTicks(theirs.pid) - theirTicks0) / CLOCK_TICKS) * 1000;
    const theirGroups = [...theirBody.matchAll(/^redis_key_group_memory_usage_bytes\{db="db0",key_group="\w+"\}/gm)]
      .length;
    console.log(
      `redis_exporter: Redis CPU ${anchor.redisCpuMs.toFixed(0)} ms, in commands ${usecTotal(anchor).toFixed(0)} ms:`,
      Object.fromEntries(anchor.commands),
    );
    const evalUsec = anchor.commands.get('evalsha') ?? anchor.commands.get('eval');

    // Anchor 2, cost: redis-cli --memkeys (SCAN + MEMORY USAGE of every key, raw names).
    const runMemkeys = () =>
      new Promise<void>((resolve, reject) => {
        const cli = spawn(requireBinary('redis-cli'), ['-p', String(redis.port), '--memkeys'], { stdio: 'ignore' });
        const timer = setTimeout(() => cli.kill('SIGKILL'), 300_000);
        cli.on('exit', (code) => {
          clearTimeout(timer);
          if (code === 0) resolve();
          else reject(new Error(`redis-cli --memkeys exited ${code}`));
        });
      });
    const memkeys = await cost(client, runMemkeys);

    // Blocking: the same three with a 1 ms pinger in its own process; first the pinger alone (this machine's noise).
    pinger = new Pinger(redis.port);
    await sleep(1000);
    const base = await blocking(client, pinger, () => sleep(10_000));
    const oursBlock = await blocking(client, pinger, async () => {
      lens = await startRedisLensExporter(`127.0.0.1:${redis.port}`, lensArgs);
      await sleep(20_000);
      await lens.stop();
      lens = undefined;
    });
    const theirsBlock = await blocking(client, pinger, async () => {
      await getText(`http://127.0.0.1:${theirPort}/metrics`);
    });
    const memkeysBlock = await blocking(client, pinger, runMemkeys);
    await theirs.stop();
    theirs = undefined;

    const machine = `${dbsize} keys, used_memory ${(usedMemory / 2 ** 20).toFixed(0)} MiB; load average ${load0.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end (2 cores shared with other jobs)`;
    const window = complete
      ? `first complete window: ${sampled} keys (${(coverage * 100).toFixed(1)} % of the keyspace) in ${(ours.wallMs / 1000).toFixed(0)} s`
      : `window still running after ${(ours.wallMs / 1000).toFixed(0)} s: ${sampled} keys (${(coverage * 100).toFixed(1)} %)`;
    const rows: BenchRow[] = [];
    for (const [group, t] of [...truth].sort((a, b) => b[1].bytes - a[1].bytes)) {
      const est = value('redis_key_group_memory_usage_bytes', group);
      const band = value('redis_key_group_memory_usage_bytes_error', group);
      rows.push(
        row(
          `memory.bytes_error_pct.${group}`,
          (Math.abs(est - t.bytes) / t.bytes) * 100,
          '%',
          {
            name: '95 % band half-width of the same estimate (ratio <= 1: exact walk inside the band)',
            value: (band / t.bytes) * 100,
          },
          `${((t.bytes / totalBytes) * 100).toFixed(1)} % of key memory; estimate ${Math.round(est)} B vs exact walk ${t.bytes} B; ${window}; ${machine}`,
        ),
      );
    }
    const perKey = (c: Cost, keys: number) => (c.redisCpuMs * 1000) / keys;
    // The sampler's Redis CPU over its first window, less what Redis spends idle in that time.
    const oursNetCpuMs = Math.max(0, ours.redisCpuMs - (idleMsPerS * ours.wallMs) / 1000);
    rows.push(
      row(
        'memory.redis_cpu_ms.first_window',
        ours.redisCpuMs,
        'ms',
        { name: 'redis_exporter 1.45 -check-key-groups, one scrape (a full Lua walk)', value: anchor.redisCpuMs },
        `${window}; ${sent} sampler commands; Redis idle ${idleMsPerS.toFixed(2)} ms CPU/s (${((idleMsPerS * ours.wallMs) / 1000).toFixed(0)} ms over the window, included), ${((oursNetCpuMs / (Number.isFinite(sampled) ? sampled : NaN)) * 1000).toFixed(1)} µs/key net of it; includes the exporter's own /metrics scrapes (every 1 s until the first estimate, then every 10 s); redis_exporter scrape took ${(anchor.wallMs / 1000).toFixed(1)} s (EVALSHA ${evalUsec ? `${evalUsec.calls} calls, ${(evalUsec.usec / evalUsec.calls / 1000).toFixed(1)} ms each` : 'n/a'}); ${machine}`,
      ),
      row(
        'memory.redis_cpu_ms_per_s',
        oursNetCpuMs / (ours.wallMs / 1000),
        'ms/s',
        {
          name: "redis_exporter 1.45 -check-key-groups scraped every 30 s (the chart's interval): one full walk per 30 s",
          value: anchor.redisCpuMs / 30,
        },
        `the sampler's Redis CPU per second while it runs (its defaults: one cycle of at most 250 ms per second, at most 5,000 commands/s), net of Redis's idle ${idleMsPerS.toFixed(2)} ms/s, over the first window (${(ours.wallMs / 1000).toFixed(0)} s); redis_exporter walks the whole keyspace on every scrape, so its rate is one walk (${anchor.redisCpuMs.toFixed(0)} ms) per scrape interval: ${(anchor.redisCpuMs / 15).toFixed(0)} ms/s at 15 s, ${(anchor.redisCpuMs / 60).toFixed(0)} ms/s at 60 s; ${machine}`,
      ),
      row(
        'memory.redis_cpu_ms.first_window_vs_memkeys',
        ours.redisCpuMs,
        'ms',
        { name: 'redis-cli --memkeys (a full walk)', value: memkeys.redisCpuMs },
        `memkeys took ${(memkeys.wallMs / 1000).toFixed(1)} s; ${machine}`,
      ),
      row(
        'memory.redis_cpu_us_per_key',
        perKey(ours, sampled),
        'µs/key',
        { name: 'redis_exporter 1.45 -check-key-groups (per key walked)', value: perKey(anchor, dbsize) },
        machine,
      ),
      row(
        'memory.redis_us_per_batch',
        batchUsec,
        'µs',
        { name: '1 ms (goal: Redis never blocked longer by one sampler batch)', value: 1000 },
        `Redis time of one sampler batch (${scripted ? 'EVALSHA_RO: SCAN and the measuring in one script call' : 'pipelined commands'}, ${keysPerBatch.toFixed(0)} keys on average, SCAN COUNT steered to ~250 µs) from INFO commandstats averages: wall time inside Redis, an upper bound on a loaded machine (redis_exporter's commands summed ${(usecTotal(anchor) / 1000).toFixed(1)} s of it for ${(anchor.redisCpuMs / 1000).toFixed(1)} s of Redis CPU); the batch's SCAN averaged ${avg('scan').toFixed(0)} µs; redis_exporter's EVALSHA (1,000 keys) ${evalUsec ? (evalUsec.usec / evalUsec.calls / 1000).toFixed(1) : 'n/a'} ms; ${machine}`,
      ),
      row(
        'memory.exporter_cpu_ms.first_window',
        exporterCpuMs,
        'ms',
        { name: 'redis_exporter 1.45 process CPU for one -check-key-groups scrape', value: theirCpuMs },
        `redis-lens exporter process (own CPU ticks) from /ready to the end of the window, /metrics every 1 s until the first estimate, then every 10 s; ${window}; ${machine}`,
      ),
      row(
        'memory.max_client_wait_ms',
        oursBlock.ping.maxMs,
        'ms',
        { name: 'redis_exporter 1.45 -check-key-groups scrape', value: theirsBlock.ping.maxMs },
        `longest PING round trip of a 1 ms pinger in its own process (20 s of redis-lens sampling vs one redis_exporter walk); pinger alone for 10 s: max ${base.ping.maxMs.toFixed(1)} ms, p99.9 ${base.ping.p999Ms.toFixed(1)} ms; p99.9 ours ${oursBlock.ping.p999Ms.toFixed(1)} ms, theirs ${theirsBlock.ping.p999Ms.toFixed(1)} ms, memkeys ${memkeysBlock.ping.p999Ms.toFixed(1)} ms; ${machine}`,
      ),
      row(
        'memory.max_client_wait_ms_vs_memkeys',
        oursBlock.ping.maxMs,
        'ms',
        { name: 'redis-cli --memkeys', value: memkeysBlock.ping.maxMs },
        machine,
      ),
      row(
        'memory.latency_monitor_max_ms',
        oursBlock.latencyMs,
        'ms',
        { name: 'redis_exporter 1.45 -check-key-groups scrape', value: theirsBlock.latencyMs },
        `LATENCY LATEST, latency-monitor-threshold 1 ms (0: no event took >= 1 ms); events during redis-lens sampling: ${oursBlock.latencyEvents}; during the redis_exporter scrape: ${theirsBlock.latencyEvents}; memkeys ${memkeysBlock.latencyMs} ms; pinger alone ${base.latencyMs} ms; ${machine}`,
      ),
      row(
        'memory.time_to_first_estimate_s',
        firstEstimateMs / 1000,
        's',
        { name: 'redis_exporter 1.45 -check-key-groups scrape duration', value: anchor.wallMs / 1000 },
        `from exporter start (process boot included) until every group had an estimate with its band; ${window}; redis_exporter gave ${theirGroups} groups; ${machine}`,
      ),
    );
    recordRows(rows);
  } finally {
    pinger?.stop();
    await lens?.stop();
    await theirs?.stop();
    if (theirPort) releasePort(theirPort);
    client.disconnect();
    await redis.stop();
    removeDir(dir);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
