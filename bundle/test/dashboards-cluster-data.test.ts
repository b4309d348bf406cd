// The Redis Cluster dashboard and the cluster alerts on real data: a real 3 × 1 Redis Cluster under load, the
// redis-lens exporter in cluster mode (built CLI) and a real Prometheus that scrapes the exporter's /metrics and
// every node through http_sd (/discover-cluster-nodes → /scrape?target=; testkit's clusterScrapeTargets) —
// after one real failover (SIGKILL of a master), so the failover panels and alerts have something to show.
import {
  clusterScrapeTargets,
  startPrometheus,
  startRedisCluster,
  startRedisLensExporter,
  type PrometheusServer,
  type RedisCluster,
  type RedisLensExporter,
} from '@redis-lens/testkit';
import { ALERTS, alertExpr } from '../src/alerts';
import { dashboardQueries, expectedEmpty, substituteVariables } from './support/dashboard-queries';

// The Redis Cluster dashboard, and the memory dashboard's per-shard balance (which needs a cluster too).
const queries = dashboardQueries()
  .filter(
    (q) =>
      q.where.startsWith('dashboards/redis-cluster.json') ||
      (q.where.startsWith('dashboards/redis-memory.json') && /shard/.test(q.panel)),
  )
  .map((q) => [q.panel, q.expr]);
/** Series this test does not produce, each with the reason. */
const EMPTY_HERE: Record<string, string> = {
  redis_cluster_slots_migrating: 'no slot migration runs during the test (exporter tests cover one)',
  redis_cluster_slots_importing: 'no slot migration runs during the test (exporter tests cover one)',
  redislens_client_cluster_: 'no HA cluster client runs in this test (instrument tests cover its telemetry)',
};
const emptyHere = (expr: string) => expectedEmpty(EMPTY_HERE, expr);
const substitute = substituteVariables;
const alert = (name: string) => ALERTS.find((a) => a.name === name)!;

describe('Redis Cluster dashboard and alerts on a real cluster', () => {
  let cluster: RedisCluster;
  let exporter: RedisLensExporter;
  let prometheus: PrometheusServer;
  let failedShard: string;
  let stopLoad = false;
  let load: Promise<void> | undefined;

  beforeAll(async () => {
    cluster = await startRedisCluster({
      masters: 3,
      replicasPerMaster: 1,
      maxmemoryPolicy: 'allkeys-lfu',
      config: ['maxmemory 256mb'],
    });
    exporter = await startRedisLensExporter(`127.0.0.1:${cluster.nodes[0].port}`, [
      '--is-cluster',
      '--cluster.refresh-interval=1s',
      '--hotkeys.interval=500ms',
    ]);
    prometheus = await startPrometheus({
      evalInterval: '1s',
      scrapeTargets: clusterScrapeTargets(exporter.address, 'redis-cluster'),
    });
    // A steady load over many keys, a few of them hot, on every shard.
    const client = cluster.client();
    load = (async () => {
      for (let i = 0; !stopLoad && i < 1_000_000; i++) {
        await Promise.all([client.set(`k:${i % 500}`, 'v'), client.get(`hot:{${i % 3}}`)]).catch(() => undefined);
      }
      client.disconnect();
    })();
    await prometheus.waitForQuery('redis_hotkey_lfu_frequency', (s) => s.length > 0, { timeoutMs: 60_000 });
    await prometheus.waitForQuery('redis_up{job="redis-cluster-nodes"} == 1', (s) => s.length === 6, {
      timeoutMs: 60_000,
    });
    const [master] = await cluster.masters();
    const promoted = await cluster.waitForFailover(await cluster.killMaster(0));
    failedShard = (
      await prometheus.waitForQuery(
        `redis_cluster_current_master_info{addr="127.0.0.1:${promoted.port}"} == 1`,
        (s) => s.length === 1,
        { timeoutMs: 60_000 },
      )
    )[0].metric.shard;
    expect(master.port).not.toBe(promoted.port);
    await prometheus.waitForQuery('redis_cluster_failovers_total > 0', undefined, { timeoutMs: 60_000 });
    // Enough samples after the failover for rate() over 1m.
    await new Promise((resolve) => setTimeout(resolve, 20_000));
  }, 240_000);
  afterAll(async () => {
    stopLoad = true;
    await load;
    await prometheus?.stop();
    await exporter?.stop();
    await cluster?.stop();
  });

  it('every node carries shard and role from http_sd', async () => {
    const up = await prometheus.query('redis_up{job="redis-cluster-nodes"}');
    expect(up.every((s) => s.metric.shard !== undefined && /^(master|replica)$/.test(s.metric.role))).toBe(true);
  });

  it('there are cluster dashboard queries to check', () => expect(queries.length).toBeGreaterThan(20));

  it.each(queries)('%s: %s', async (_title, expr) => {
    const samples = await prometheus.query(substitute(expr));
    const reason = emptyHere(expr);
    if (reason) expect([expr, samples.length, EMPTY_HERE[reason]]).toEqual([expr, 0, EMPTY_HERE[reason]]);
    else expect(samples.length).toBeGreaterThan(0);
  });

  it('after the kill: RedisClusterFailoverHappened and RedisClusterShardNoHealthyReplica hold for that shard only', async () => {
    for (const name of ['RedisClusterFailoverHappened', 'RedisClusterShardNoHealthyReplica']) {
      const firing = await prometheus.query(alertExpr(alert(name)));
      expect([name, firing.map((s) => s.metric.shard)]).toEqual([name, [failedShard]]);
    }
  });

  it('the cluster is ok again and balanced: state, slots and imbalance alerts stay silent', async () => {
    for (const name of [
      'RedisClusterStateNotOk',
      'RedisClusterSlotsFail',
      'RedisClusterSlotsPfail',
      'RedisClusterShardMemoryImbalance',
      'RedisClusterShardOpsImbalance',
      'RedisClusterFailoverFlapping',
    ]) {
      expect([name, await prometheus.query(alertExpr(alert(name)))]).toEqual([name, []]);
    }
  });
});
