// Every dashboard query returns data from the real stack, laid out as docker-compose.yml lays it out: a
// password-protected master + 2 replicas + 3 Sentinels (Sentinels with requirepass, LFU policy), the redis-lens
// exporter with failover tracking, the demo workload (sessions, client hot keys) and a real Prometheus whose Redis
// jobs come from the shipped collector/prometheus/prometheus.yml (compose hostnames mapped to loopback ports) —
// after one real failover, so the failover panels have something to show.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  freePort,
  releasePort,
  spawnManaged,
  startPrometheus,
  startSentinelTopology,
  tempDir,
  type ManagedProcess,
  type PrometheusServer,
  type SentinelTopology,
  startRedisLensExporter,
  type RedisLensExporter,
} from '@redis-lens/testkit';
import { dashboardFiles } from '../src/dashboards';
import { REPO_ROOT } from '../src/outputs';

interface Panel {
  title?: string;
  panels?: Panel[];
  targets?: Array<{ expr?: string }>;
}

/** Panels fed by metrics only the collector's span_metrics connector or Tempo's metrics generator produce. */
const NEEDS_TEMPO_OR_COLLECTOR = /\btraces_(span_metrics|spanmetrics|service_graph)_/;

const queries = Object.entries(dashboardFiles()).flatMap(([path, text]) => {
  const walk = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...walk(p.panels ?? [])]);
  return walk(JSON.parse(text).panels).flatMap((p) =>
    (p.targets ?? []).filter((t) => t.expr).map((t) => ({ where: `${path} "${p.title}"`, expr: t.expr as string })),
  );
});
/**
 * Series this stack does not produce yet, each with the reason. A listed query that starts returning data fails the
 * test, so the list cannot hide a panel that works.
 */
const EMPTY_HERE: Record<string, string> = {
  redislens_session_breaker_transitions_total: 'counts breaker transitions; a healthy demo has none',
  redislens_session_warm_loaded_total: 'the demo starts with an empty store, so it passes no sessions to warm',
};
/**
 * The Redis Cluster dashboard reads the exporter's cluster mode (`--is-cluster`) and a real cluster, which this
 * Sentinel stack does not run; its queries are checked against a real cluster by dashboards-cluster-data.test.ts.
 */
const CLUSTER_DASHBOARD = 'dashboards/redis-cluster.json';
const emptyHere = (expr: string) => Object.keys(EMPTY_HERE).find((name) => expr.includes(name));
const stackQueries = queries.filter((q) => !q.where.startsWith(CLUSTER_DASHBOARD));
const skipped = stackQueries.filter((q) => NEEDS_TEMPO_OR_COLLECTOR.test(q.expr));
const checked = stackQueries.filter((q) => !NEEDS_TEMPO_OR_COLLECTOR.test(q.expr));

interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  static_configs: Array<{ targets: string[] }>;
  relabel_configs?: Array<Record<string, unknown>>;
}
const shippedRedisJobs = (
  parse(readFileSync(join(REPO_ROOT, 'collector/prometheus/prometheus.yml'), 'utf8'), { merge: true }) as {
    scrape_configs: ScrapeJob[];
  }
).scrape_configs
  // The cluster profile's jobs (http_sd, exporter-cluster) need a Redis Cluster this test does not start.
  .filter((job) => job.job_name.startsWith('redis') && !job.job_name.startsWith('redis-cluster'));
const PASSWORD = 'stack-password';

/** Grafana's variables as a user with "All" selected sees them. */
const substitute = (expr: string) =>
  expr
    .replace(/\$__rate_interval\b/g, '1m')
    .replace(/\$__range\b/g, '5m')
    .replace(/\$\{?\w+\}?/g, '.*');

describe('dashboard queries return data from the real exporter and demo workload', () => {
  let topology: SentinelTopology;
  let exporter: RedisLensExporter;
  let demo: ManagedProcess;
  let demoMetricsPort: number;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    topology = await startSentinelTopology({
      replicas: 2,
      sentinels: 3,
      redis: { maxmemoryPolicy: 'allkeys-lfu', maxmemory: '256mb', password: PASSWORD },
      sentinelPassword: PASSWORD,
    });
    const [master, replica1, replica2] = topology.nodes;
    // compose service name -> this test's loopback address
    const hosts: Record<string, string> = {
      'redis-master': `127.0.0.1:${master.port}`,
      'redis-replica-1': `127.0.0.1:${replica1.port}`,
      'redis-replica-2': `127.0.0.1:${replica2.port}`,
      ...Object.fromEntries(topology.sentinels.map((s, i) => [`sentinel-${i + 1}`, `127.0.0.1:${s.port}`])),
    };
    const toLoopback = (target: string) => target.replace(/\/\/([\w-]+):\d+/, (_m, host: string) => `//${hosts[host]}`);
    const multiTargets = shippedRedisJobs
      .filter((j) => j.metrics_path === '/scrape')
      .flatMap((j) => j.static_configs[0].targets);
    exporter = await startRedisLensExporter(
      hosts['redis-master'],
      [
        `--sentinel.addrs=${topology.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}`,
        `--sentinel.master-name=${topology.masterName}`,
        `--scrape.allowed-targets=${multiTargets.map(toLoopback).join(',')}`,
        '--hotkeys.interval=500ms',
      ],
      { REDIS_PASSWORD: PASSWORD, SENTINEL_PASSWORD: PASSWORD },
    );
    demoMetricsPort = await freePort();
    const dir = tempDir('demo');
    demo = spawnManaged(
      'redis-lens-demo',
      process.execPath,
      [
        join(__dirname, '..', '..', 'demo', 'bin', 'redis-lens-demo.js'),
        ...[
          '--sentinels',
          topology.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
          '--master-name',
          topology.masterName,
        ],
        ...['--port', '0', '--metrics-port', String(demoMetricsPort)],
        ...['--duration', '300', '--requests', '1000000000', '--concurrency', '2'],
      ],
      {
        env: { ...process.env, REDIS_PASSWORD: PASSWORD, SENTINEL_PASSWORD: PASSWORD },
        logFile: join(dir, 'demo.log'),
      },
    );
    prometheus = await startPrometheus({
      scrapeTargets: [
        ...shippedRedisJobs.map((job) => ({
          job: job.job_name,
          targets: job.metrics_path === '/scrape' ? job.static_configs[0].targets.map(toLoopback) : [exporter.address],
          metricsPath: job.metrics_path,
          extra: job.relabel_configs
            ? {
                relabel_configs: job.relabel_configs.map((r) =>
                  r.replacement === 'exporter:9121' ? { ...r, replacement: exporter.address } : r,
                ),
              }
            : {},
        })),
        { job: 'redis-lens-demo', targets: [`127.0.0.1:${demoMetricsPort}`] },
      ],
      evalInterval: '1s',
    });
    await prometheus.waitForQuery('redislens_session_validations_total', undefined, { timeoutMs: 60_000 });
    await topology.failover('sentinel');
    // Enough samples after the failover for rate() over 1m and for the failover counters to show.
    await prometheus.waitForQuery('redis_sentinel_failovers_total', undefined, { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 20_000));
  });
  afterAll(async () => {
    await prometheus?.stop();
    await demo?.stop();
    if (demoMetricsPort) releasePort(demoMetricsPort);
    await exporter?.stop();
    await topology?.stop();
  });

  it('scrapes every node and Sentinel through the shipped jobs', async () => {
    const up = await prometheus.query('redis_up');
    expect(up.filter((s) => s.value[1] === '1')).toHaveLength(6);
  });

  it('skips only the panels that need Tempo or the collector, by name', () => {
    expect(skipped.map((q) => q.where).every((where) => /traces\.json|sessions\.json|hot-keys\.json/.test(where))).toBe(
      true,
    );
    expect(checked.length).toBeGreaterThan(50);
  });

  it.each(checked.map((q) => [q.where, q.expr]))('%s', async (_where, expr) => {
    const samples = await prometheus.query(substitute(expr));
    const reason = emptyHere(expr);
    if (reason) expect([expr, samples.length, EMPTY_HERE[reason]]).toEqual([expr, 0, EMPTY_HERE[reason]]);
    else expect(samples.length).toBeGreaterThan(0);
  });
});
