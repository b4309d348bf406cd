// One exporter for a fleet: 20, 100 and 500 real, password-protected Redis servers scraped through /scrape?target=
// the way Prometheus does it — every target on its own loop at a fixed interval, each loop started at its own
// offset within the interval (Prometheus spreads targets by a hash of their labels), so scrapes overlap as they
// happen to — by redis-lens (connection pool on, the bin with its V8 flags) and by Debian's prometheus-redis-exporter
// 1.45 (its --redis.password-file JSON map), both running the whole time against the same servers, phases
// alternating between them. Each fleet size runs quiet, then again beside a CPU-burning neighbour process (one core
// busy for the phase). Per target-scrape: latency p50/p99 (as the scraping client sees it), exporter CPU
// (/proc utime+stime), failures; per exporter: VmRSS after each phase (growth per extra target), VmHWM at idle, and
// for redis-lens its own event-loop delay p99 (redis_exporter_event_loop_delay_seconds over the phase).
//
// Time: 100 and 500 targets run at Prometheus' usual 15 s interval; 20 targets at 3 s (compressed 5×) so that
// phase collects as many target-scrapes as the 100-target one. BENCH_FLEET_PHASE_S bounds each phase (default 45 s).
// 500 targets are 500 real redis-server processes (this VM has 24 GB; each idle server holds ~3 MB); they run with
// `hz 1` so 500 idle server crons do not themselves load the 2 cores both exporters share.
import { writeFileSync } from 'node:fs';
import Redis from 'ioredis';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  freePort,
  releasePort,
  removeDir,
  spawnManaged,
  startRedis,
  tempDir,
  waitFor,
  type ManagedProcess,
  type RedisServer,
} from '@redis-lens/testkit';
import { CLOCK_TICKS, cpuTicks, peakRssMb, rssMb, shebangFlags } from './lib/proc';
import { percentile, recordRows, row, type BenchRow } from './lib/results';

const COUNTS = (process.env.BENCH_FLEET_COUNTS ?? '20,100,500').split(',').map(Number);
const PHASE_MS = Number(process.env.BENCH_FLEET_PHASE_S ?? 45) * 1000;
const SCRAPE_TIMEOUT_MS = 10_000; // Prometheus' default scrape_timeout
const intervalFor = (targets: number) => (targets >= 100 ? 15_000 : 3_000);

interface Exporter {
  name: 'redis-lens' | 'redis_exporter';
  base: string;
  proc: ManagedProcess;
}

interface PhaseResult {
  ms: number[];
  failures: number;
  cpuMsPerScrape: number;
  rssMb: number;
  eventLoop: { p99Ms: number; utilization: number };
  /** Connections the servers accepted per target-scrape (INFO total_connections_received): 0 when kept. */
  connectionsPerScrape: number;
}

const uptime = () =>
  spawnSync('uptime', { encoding: 'utf8' })
    .stdout.trim()
    .replace(/^.*load/, 'load');

async function scrape(base: string, target: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${base}/scrape?target=${encodeURIComponent(target)}`, {
    signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS),
  });
  const body = await res.text();
  if (!res.ok || !/\nredis_up 1\b/.test(body)) throw new Error(`${base}: ${target} gave ${res.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * The exporter's event-loop delay p99 (ms) and loop utilisation since its previous /metrics collection (redis-lens
 * only): a long delay with low utilisation is the process waiting for a CPU, not its loop being busy.
 */
async function eventLoop(e: Exporter): Promise<{ p99Ms: number; utilization: number }> {
  if (e.name !== 'redis-lens') return { p99Ms: NaN, utilization: NaN };
  const text = await (await fetch(`${e.base}/metrics`)).text();
  const p99 = /\nredis_exporter_event_loop_delay_seconds\{quantile="0\.99"\} ([0-9.e+-]+)/.exec(text);
  const elu = /\nredis_exporter_event_loop_utilization_ratio ([0-9.e+-]+)/.exec(text);
  return { p99Ms: p99 ? Number(p99[1]) * 1000 : NaN, utilization: elu ? Number(elu[1]) : NaN };
}

/**
 * Every target scraped on its own loop every `intervalMs`, first at a random offset in [0, interval), until
 * `durationMs` has passed; a scrape still running at the next tick makes that tick wait, as in Prometheus.
 */
async function phase(
  e: Exporter,
  targets: string[],
  admins: Redis[],
  intervalMs: number,
  durationMs: number,
): Promise<PhaseResult> {
  const conns0 = await received(admins);
  await eventLoop(e); // starts a new window
  const ms: number[] = [];
  let failures = 0;
  const ticks0 = cpuTicks(e.proc.pid);
  const start = Date.now();
  const end = start + durationMs;
  const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));
  await Promise.all(
    targets.map(async (target) => {
      for (let at = start + Math.random() * intervalMs; at < end; at += intervalMs) {
        await sleepUntil(at);
        const t0 = Date.now();
        try {
          ms.push(await scrape(e.base, target));
        } catch {
          // A failed scrape (timeout, or redis_up 0 because the exporter's own Redis command timed out) counts in
          // the latency distribution at the time it took: Prometheus waited that long for nothing.
          failures++;
          ms.push(Date.now() - t0);
        }
      }
    }),
  );
  const cpuMs = ((cpuTicks(e.proc.pid) - ticks0) * 1000) / CLOCK_TICKS;
  const result: PhaseResult = {
    ms: ms.sort((a, b) => a - b),
    failures,
    cpuMsPerScrape: cpuMs / Math.max(1, ms.length),
    rssMb: rssMb(e.proc.pid),
    eventLoop: await eventLoop(e),
    connectionsPerScrape: ((await received(admins)) - conns0) / Math.max(1, ms.length),
  };
  return result;
}

async function received(admins: Redis[]): Promise<number> {
  const stats = await Promise.all(admins.map((a) => a.info('stats')));
  return stats.reduce((sum, text) => sum + Number(/total_connections_received:(\d+)/.exec(text)![1]), 0);
}

/** A neighbour that keeps one core busy: a bounded busy loop in its own process. */
function startBurner(dir: string, ms: number): ManagedProcess {
  return spawnManaged(
    'cpu-burner',
    process.execPath,
    ['-e', `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1);`],
    { cwd: dir, logFile: join(dir, 'burner.log') },
  );
}

async function main() {
  const root = join(__dirname, '..');
  const bin = join(root, 'exporter', 'bin', 'redis-lens-exporter.js');
  // BENCH_FLEET_NO_BUILD=1 reuses exporter/dist (e.g. while another bench runs from it).
  if (!process.env.BENCH_FLEET_NO_BUILD) {
    const build = spawnSync('npm', ['run', 'build', '-w', 'exporter'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('exporter build failed');
  }

  const dir = tempDir('bench-fleet');
  const servers: RedisServer[] = [];
  const admins: Redis[] = [];
  const procs: ManagedProcess[] = [];
  const ports: number[] = [];
  const max = Math.max(...COUNTS);
  try {
    // In small batches, each start retried once: 500 sequential starts wait on each log line in turn, and on a
    // heavily loaded VM a start can miss testkit's 15 s readiness wait.
    const start = (i: number) => startRedis({ password: `bench-fleet-pw-${i}`, config: ['hz 1'] });
    for (let i = 0; i < max; i += 8) {
      const batch = Array.from({ length: Math.min(8, max - i) }, (_, j) => i + j);
      servers.push(...(await Promise.all(batch.map((k) => start(k).catch(() => start(k))))));
    }
    const url = (s: RedisServer) => `redis://127.0.0.1:${s.port}`;
    admins.push(...servers.map((s) => s.client()));
    await Promise.all(
      admins.map(async (c) => {
        const p = c.pipeline();
        for (let k = 0; k < 100; k++) p.set(`fleet:${k}`, 'v', 'EX', 3600);
        await p.exec();
      }),
    );
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

    const [ourPort, theirPort] = [await freePort(), await freePort()];
    ports.push(ourPort, theirPort);
    const ours: Exporter = {
      name: 'redis-lens',
      base: `http://127.0.0.1:${ourPort}`,
      proc: spawnManaged(
        'redis-lens-exporter',
        // The package bin with the V8 flags of its shebang, as npx and the container run it; node is named here so
        // BENCH_FLEET_EXPORTER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, which NODE_OPTIONS refuses)
        // can profile the exporter alone.
        process.execPath,
        [
          ...shebangFlags(bin),
          ...(process.env.BENCH_FLEET_EXPORTER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
          bin,
          ...['--redis.addr', url(servers[0]), '--web.listen-address', `127.0.0.1:${ourPort}`],
          ...['--scrape.allowed-targets', 'redis://127.0.0.1', '--scrape.credentials-file', credentials],
          // Hot keys off: redis_exporter has none, so both do the same work per scrape.
          ...['--hotkeys.enabled=false', '--log.level', 'warn'],
        ],
        { cwd: dir, logFile: join(dir, 'ours.log'), env: { ...process.env, REDIS_PASSWORD: 'bench-fleet-pw-0' } },
      ),
    };
    procs.push(ours.proc);
    const theirs: Exporter = {
      name: 'redis_exporter',
      base: `http://127.0.0.1:${theirPort}`,
      proc: spawnManaged(
        'prometheus-redis-exporter',
        'prometheus-redis-exporter',
        ['-redis.addr=', '-redis.password-file', theirPasswords, '-web.listen-address', `127.0.0.1:${theirPort}`],
        { cwd: dir, logFile: join(dir, 'theirs.log') },
      ),
    };
    procs.push(theirs.proc);
    const exporters = [ours, theirs];
    await waitFor(
      'both exporters to scrape',
      async () => {
        for (const e of exporters) await scrape(e.base, url(servers[0]));
        return true;
      },
      { timeoutMs: 120_000 },
    );
    // Idle: after start and one scrape of its own Redis, before any fleet work.
    await fetch(`${ours.base}/metrics`).then((r) => r.text());
    const idlePeak = { ours: peakRssMb(ours.proc.pid), theirs: peakRssMb(theirs.proc.pid) };

    const rows: BenchRow[] = [];
    const rss: Record<string, Record<number, number>> = { 'redis-lens': {}, redis_exporter: {} };
    const anchor = (what: string, value: number) => ({ name: `prometheus-redis-exporter 1.45 ${what}`, value });
    for (const n of COUNTS) {
      const targets = servers.slice(0, n).map(url);
      const interval = intervalFor(n);
      // Warm-up: one pass over the fleet per exporter (connections opened, JIT warm), a few at a time.
      for (const e of exporters)
        for (let i = 0; i < targets.length; i += 20)
          await Promise.all(targets.slice(i, i + 20).map((t) => scrape(e.base, t).catch(() => 0)));
      for (const busy of [false, true]) {
        const label = `${n} targets${busy ? ', busy neighbour' : ''}`;
        const load = uptime();
        const result: Partial<Record<Exporter['name'], PhaseResult>> = {};
        for (const e of exporters) {
          const burner = busy ? startBurner(dir, PHASE_MS + 5_000) : undefined;
          try {
            result[e.name] = await phase(e, targets, admins.slice(0, n), interval, PHASE_MS);
          } finally {
            await burner?.stop();
          }
          if (!busy) rss[e.name][n] = result[e.name]!.rssMb;
        }
        const a = result['redis-lens']!;
        const b = result.redis_exporter!;
        const notes = `${n} password-protected Redis 7 servers, each scraped every ${interval / 1000} s at its own offset, ${PHASE_MS / 1000} s per exporter (${a.ms.length} vs ${b.ms.length} target-scrapes, ${a.failures} vs ${b.failures} failed — timed out at 10 s or redis_up 0 — and counted in the percentiles at the time they took)${busy ? ', one core kept busy by a neighbour process' : ''}; 2-core VM shared with other engineers, ${load} at the start`;
        rows.push(
          row(
            `fleet: target-scrape p50, ${label}`,
            percentile(a.ms, 50),
            'ms',
            anchor('p50', percentile(b.ms, 50)),
            notes,
          ),
          row(
            `fleet: target-scrape p99, ${label}`,
            percentile(a.ms, 99),
            'ms',
            anchor('p99', percentile(b.ms, 99)),
            notes,
          ),
          row(`fleet: CPU per target-scrape, ${label}`, a.cpuMsPerScrape, 'ms', anchor('CPU', b.cpuMsPerScrape), notes),
          row(`fleet: event-loop delay p99, ${label}`, a.eventLoop.p99Ms, 'ms', undefined, notes),
          row(`fleet: event-loop utilisation, ${label}`, a.eventLoop.utilization, 'ratio', undefined, notes),
          row(
            `fleet: failed target-scrapes, ${label}`,
            a.failures / a.ms.length,
            'ratio',
            anchor('failed target-scrapes', b.failures / b.ms.length),
            notes,
          ),
          row(`fleet: RSS after phase, ${label}`, a.rssMb, 'MB', anchor('RSS', b.rssMb), notes),
          row(
            `fleet: connections per target-scrape, ${label}`,
            a.connectionsPerScrape,
            'connections',
            anchor('connections', b.connectionsPerScrape),
            notes,
          ),
        );
        console.log(`${label}: ${load}`);
      }
    }
    const [lo, hi] = [Math.min(...COUNTS), max];
    const growth = (name: string) => (rss[name][hi] - rss[name][lo]) / (hi - lo);
    rows.push(
      row(
        `fleet: RSS growth per target (${lo} → ${hi} targets)`,
        growth('redis-lens'),
        'MB',
        anchor('RSS growth per target', growth('redis_exporter')),
        `VmRSS after the quiet ${lo}- and ${hi}-target phases: redis-lens ${rss['redis-lens'][lo].toFixed(1)} → ${rss['redis-lens'][hi].toFixed(1)} MB, redis_exporter ${rss.redis_exporter[lo].toFixed(1)} → ${rss.redis_exporter[hi].toFixed(1)} MB`,
      ),
      row(
        'fleet: idle peak RSS',
        idlePeak.ours,
        'MB',
        anchor('idle peak RSS', idlePeak.theirs),
        'VmHWM after start, one scrape of one target and one /metrics, before the fleet phases',
      ),
      row(
        'fleet: peak RSS over the whole run',
        peakRssMb(ours.proc.pid),
        'MB',
        anchor('peak RSS', peakRssMb(theirs.proc.pid)),
        `VmHWM after every phase up to ${hi} targets`,
      ),
    );
    recordRows(rows);
  } finally {
    for (const a of admins) a.disconnect();
    await Promise.allSettled(procs.map((p) => p.stop()));
    for (const p of ports) releasePort(p);
    for (let i = 0; i < servers.length; i += 50)
      await Promise.allSettled(servers.slice(i, i + 50).map((s) => s.stop()));
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
