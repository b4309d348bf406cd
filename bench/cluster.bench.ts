// Cluster mode vs Debian's prometheus-redis-exporter 1.45 --is-cluster on the same real 3 × 1 Redis Cluster (and 20
// standalone Redis servers): per-node scrapes through /scrape?target= as the fleet grows (1, 3, 6 cluster nodes; 20
// standalone targets), each round scraping every target concurrently as Prometheus would; CPU per node-scrape from
// /proc (utime+stime), memory per target from VmRSS growth between the 1-target and the 20-target phase. Then a
// master SIGKILL: ms until each exporter, polled at the same 1 s interval, shows the new master.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  freePort,
  releasePort,
  removeDir,
  spawnManaged,
  startRedis,
  startRedisCluster,
  tempDir,
  waitFor,
  type ManagedProcess,
  type RedisCluster,
  type RedisServer,
} from '@redis-lens/testkit';
import { CLOCK_TICKS, cpuTicks, rssMb } from './lib/proc';
import { percentile, recordRows, row, type BenchRow } from './lib/results';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const WARMUP = 5;
const STANDALONE = 20;
const POLL_MS = 1_000;
const FAILOVER_TRIALS = 2;

interface Exporter {
  name: string;
  proc: ManagedProcess;
  base: string;
}

async function scrapeTarget(e: Exporter, target: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${e.base}/scrape?target=${encodeURIComponent(target)}`);
  const body = await res.text();
  if (!res.ok || !body.includes('redis_up 1')) throw new Error(`${e.name} scrape of ${target} failed: ${res.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** `rounds` rounds, every target scraped concurrently per round; latency per node-scrape and CPU ms per node-scrape. */
async function phase(e: Exporter, targets: string[], rounds: number) {
  for (let i = 0; i < WARMUP; i++) await Promise.all(targets.map((t) => scrapeTarget(e, t)));
  const ms: number[] = [];
  const t = cpuTicks(e.proc.pid);
  for (let i = 0; i < rounds; i++) ms.push(...(await Promise.all(targets.map((x) => scrapeTarget(e, x)))));
  const cpuMs = ((cpuTicks(e.proc.pid) - t) * 1000) / CLOCK_TICKS / (rounds * targets.length);
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), cpuMs };
}

/** Polls every POLL_MS until `shows` is true; returns ms since `since`. */
async function pollUntil(shows: () => Promise<boolean>, since: number, timeoutMs = 60_000): Promise<number> {
  while (Date.now() - since < timeoutMs) {
    if (await shows().catch(() => false)) return Date.now() - since;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return NaN;
}

async function main() {
  const root = join(__dirname, '..');
  const build = spawnSync('npm', ['run', 'build', '-w', 'exporter'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('exporter build failed');

  const dir = tempDir('bench-cluster');
  const procs: ManagedProcess[] = [];
  const ports: number[] = [];
  const standalone: RedisServer[] = [];
  let cluster: RedisCluster | undefined;
  try {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    for (let i = 0; i < STANDALONE; i++) standalone.push(await startRedis());
    for (const s of standalone) {
      const c = s.client();
      const p = c.pipeline();
      for (let i = 0; i < 200; i++) p.set(`k:${i}`, 'v');
      await p.exec();
      c.disconnect();
    }
    const seed = cluster.nodes[0].url();
    const [ourPort, theirPort] = [await freePort(), await freePort()];
    ports.push(ourPort, theirPort);
    const ours: Exporter = {
      name: 'redis-lens',
      base: `http://127.0.0.1:${ourPort}`,
      proc: spawnManaged(
        'redis-lens-exporter',
        join(root, 'exporter', 'bin', 'redis-lens-exporter.js'),
        [
          ...['--redis.addr', seed, '--is-cluster', '--web.listen-address', `127.0.0.1:${ourPort}`],
          // Hot keys off: redis_exporter has none, so both do the same work per scrape.
          ...['--hotkeys.enabled=false', '--scrape.allowed-targets', 'redis://127.0.0.1', '--log.level', 'warn'],
        ],
        { cwd: dir, logFile: join(dir, 'ours.log') },
      ),
    };
    procs.push(ours.proc);
    const theirs: Exporter = {
      name: 'redis_exporter',
      base: `http://127.0.0.1:${theirPort}`,
      proc: spawnManaged(
        'prometheus-redis-exporter',
        'prometheus-redis-exporter',
        ['-redis.addr', seed, '-is-cluster', '-web.listen-address', `127.0.0.1:${theirPort}`],
        { cwd: dir, logFile: join(dir, 'theirs.log') },
      ),
    };
    procs.push(theirs.proc);
    await waitFor(
      'both exporters to serve',
      async () => (await scrapeTarget(ours, seed)) >= 0 && (await scrapeTarget(theirs, seed)) >= 0,
      { timeoutMs: 30_000 },
    );

    const nodes = cluster.nodes.map((n) => n.url());
    const fleets: [string, string[]][] = [
      ['1 cluster node', nodes.slice(0, 1)],
      ['3 cluster nodes', nodes.slice(0, 3)],
      ['6 cluster nodes', nodes],
      [`${STANDALONE} standalone targets`, standalone.map((s) => s.url())],
    ];
    // Node warms its JIT over the first scrapes; without this the first (1-node) phase measures the warm-up.
    for (const e of [ours, theirs])
      for (let i = 0; i < 10; i++) await Promise.all(nodes.map((t) => scrapeTarget(e, t)));
    const rows: BenchRow[] = [];
    const rss: Record<string, number[]> = { [ours.name]: [], [theirs.name]: [] };
    const notes = (what: string) =>
      `${ROUNDS} rounds, every target scraped concurrently per round, exporters alternating per phase; ${what}; 2-core VM shared with other jobs (loaded)`;
    for (const [label, targets] of fleets) {
      const rounds = targets.length > 6 ? Math.ceil(ROUNDS / 2) : ROUNDS;
      const a = await phase(ours, targets, rounds);
      const b = await phase(theirs, targets, rounds);
      for (const e of [ours, theirs]) rss[e.name].push(rssMb(e.proc.pid));
      const anchor = (what: string, value: number) => ({ name: `prometheus-redis-exporter 1.45 ${what}`, value });
      rows.push(
        row(`cluster: node-scrape latency p50, ${label}`, a.p50, 'ms', anchor('p50', b.p50), notes(label)),
        row(`cluster: node-scrape latency p99, ${label}`, a.p99, 'ms', anchor('p99', b.p99), notes(label)),
        row(`cluster: CPU per node-scrape, ${label}`, a.cpuMs, 'ms', anchor('CPU', b.cpuMs), notes(label)),
      );
    }
    // VmRSS after the 1-node phase and after the 20-target phase: growth per extra target.
    const perTarget = (name: string) => (rss[name][3] - rss[name][0]) / (STANDALONE - 1);
    rows.push(
      row(
        'cluster: memory per scrape target (RSS growth, 1 → 20 targets)',
        perTarget(ours.name),
        'MB',
        { name: 'prometheus-redis-exporter 1.45 memory per target', value: perTarget(theirs.name) },
        `VmRSS after the 1-node phase ${rss[ours.name][0].toFixed(1)} MB (theirs ${rss[theirs.name][0].toFixed(1)}), after 20 targets ${rss[ours.name][3].toFixed(1)} MB (theirs ${rss[theirs.name][3].toFixed(1)}); GC makes this noisy`,
      ),
    );

    // Failover: SIGKILL a master, then poll both every second, as Prometheus would at a 1 s scrape interval.
    const oursMs: number[] = [];
    const theirsMs: number[] = [];
    for (let trial = 0; trial < FAILOVER_TRIALS; trial++) {
      // A master other than the seed whose shard still has a replica (an earlier trial used one up).
      let master: Awaited<ReturnType<RedisCluster['masters']>>[number] | undefined;
      let replica: typeof master;
      for (const m of await cluster.masters()) {
        if (m === cluster.nodes[0]) continue;
        [replica] = await cluster.replicasOf(m);
        if (replica) {
          master = m;
          break;
        }
      }
      if (!master || !replica) break;
      const killedAt = Date.now();
      master.process.signal('SIGKILL');
      const [a, b] = await Promise.all([
        // Ours: its own topology series (the cluster-mode exporter's /metrics, default refresh settings).
        pollUntil(async () => {
          const text = await (await fetch(`${ours.base}/metrics`)).text();
          return text
            .split('\n')
            .some(
              (l) =>
                l.startsWith('redis_cluster_current_master_info{') &&
                l.includes(`addr="127.0.0.1:${replica!.port}"`) &&
                / 1( |$)/.test(l),
            );
        }, killedAt),
        // Theirs: the promoted replica's role, the only per-node role 1.45 exports (redis_instance_info{role}).
        pollUntil(async () => {
          const res = await fetch(`${theirs.base}/scrape?target=${encodeURIComponent(replica!.url())}`);
          return /redis_instance_info\{[^}]*role="master"/.test(await res.text());
        }, killedAt),
      ]);
      oursMs.push(a);
      theirsMs.push(b);
      await cluster.waitForFailover(master).catch(() => undefined);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    rows.push(
      row(
        'cluster: master SIGKILL → new master reported',
        mean(oursMs),
        'ms',
        { name: 'prometheus-redis-exporter 1.45 (promoted replica role=master via /scrape)', value: mean(theirsMs) },
        `mean of ${oursMs.length} kills (ours ${oursMs.join(', ')} ms; theirs ${theirsMs.join(', ')} ms); both polled every ${POLL_MS} ms from the kill; cluster-node-timeout 1500 ms; ours at default --cluster.refresh-interval 10s (1 s CLUSTER INFO check)`,
      ),
    );
    recordRows(rows);
  } finally {
    await Promise.allSettled(procs.map((p) => p.stop()));
    for (const p of ports) releasePort(p);
    await cluster?.stop();
    await Promise.allSettled(standalone.map((s) => s.stop()));
    removeDir(dir);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
