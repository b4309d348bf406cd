import { startRedisCluster, waitFor, type RedisCluster } from '@redis-lens/testkit';
import { createClusterFeature } from '../../src/cluster/feature';
import { CLUSTER_FAILOVER_ATTRIBUTES } from '../../src/failover-trace';
import type { ExporterFeature } from '../../src/feature';
import { sample, startHarness, type FeatureHarness } from '../support/feature-harness';

// Real failovers of a real cluster: SIGKILL of the seed master, then SIGSTOP of another master. Each must be counted
// once (however many nodes report it), as `failure`, with a plausible duration and one trace. The feature runs in
// the real OTel pipeline; spans are kept in memory (no Tempo here).
describe('cluster failovers as events', () => {
  let cluster: RedisCluster;
  let harness: FeatureHarness;
  let feature: ExporterFeature;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, maxmemoryPolicy: 'allkeys-lfu' });
    harness = await startHarness({
      redis: cluster.nodes[0].clientOptions(),
      cluster: { refreshIntervalMs: 1_000 },
      // Hot keys on: a scan stuck on the hung master must not hold up failover detection.
      hotkeys: { enabled: true, topN: 10, intervalMs: 200, scanCount: 100, maxCycleMs: 50 },
    });
    feature = createClusterFeature({ checkIntervalMs: 250 });
    await feature.start(harness.ctx);
  });
  afterAll(async () => {
    await feature?.stop();
    await harness?.close();
    await cluster?.stop();
  });

  const failovers = async (shard: string, trigger: string) =>
    sample(await harness.metrics(), 'redis_cluster_failovers_total', { shard, trigger });

  async function expectOneFailover(shard: string, oldAddr: string, newAddr: string) {
    await waitFor(`failover of shard ${shard} counted`, async () => (await failovers(shard, 'failure')) === 1, {
      timeoutMs: 30_000,
    });
    // More refreshes (every node now reports the new master): still one.
    await new Promise((r) => setTimeout(r, 2_000));
    const text = await harness.metrics();
    expect(sample(text, 'redis_cluster_failovers_total', { shard, trigger: 'failure' })).toBe(1);
    expect(sample(text, 'redis_cluster_failovers_total', { shard, trigger: 'manual' })).toBe(0);
    expect(sample(text, 'redis_cluster_current_master_info', { shard, addr: newAddr })).toBe(1);
    expect(sample(text, 'redis_cluster_current_master_info', { shard, addr: oldAddr })).toBe(0);
    const count = sample(text, 'redis_cluster_failover_duration_seconds_count', { shard });
    const seconds = sample(text, 'redis_cluster_failover_duration_seconds_sum', { shard })!;
    expect(count).toBe(1);
    // node timeout 1.5 s: PFAIL → FAIL → election takes a second or more; a loaded box may take longer.
    expect(seconds).toBeGreaterThan(0.2);
    expect(seconds).toBeLessThan(30);
    const roots = harness.spans.getFinishedSpans().filter((s) => s.name === `cluster.failover ${shard}`);
    expect(roots).toHaveLength(1);
    expect(roots[0].attributes).toMatchObject({
      [CLUSTER_FAILOVER_ATTRIBUTES.trigger]: 'failure',
      [CLUSTER_FAILOVER_ATTRIBUTES.oldMaster]: oldAddr,
      [CLUSTER_FAILOVER_ATTRIBUTES.newMaster]: newAddr,
      [CLUSTER_FAILOVER_ATTRIBUTES.clusterOk]: true,
    });
    const stages = harness.spans
      .getFinishedSpans()
      .filter((s) => s.parentSpanContext?.spanId === roots[0].spanContext().spanId)
      .map((s) => s.name);
    expect(stages).toContain('cluster.failover.promoted');
    expect(stages).toContain('cluster.failover.cluster-ok');
    return seconds;
  }

  it('counts a SIGKILL of the seed master once, as a failure, and keeps going without the seed', async () => {
    const [master] = await cluster.masters();
    expect(master).toBe(cluster.nodes[0]);
    await waitFor('shard 0 known', async () => (await failovers('0', 'failure')) === 0);
    await cluster.killMaster(0);
    const promoted = await cluster.waitForFailover(master);
    const seconds = await expectOneFailover('0', `127.0.0.1:${master.port}`, `127.0.0.1:${promoted.port}`);
    console.log(`cluster failover (SIGKILL): ${seconds.toFixed(2)} s from first PFAIL/FAIL seen to promoted + ok`);
  });

  it('counts a SIGSTOP (hung) master once, as a failure', async () => {
    const masters = await cluster.masters();
    const master = masters[1]; // shard 0 lost its replica to the first test
    const line = (await harness.metrics())
      .split('\n')
      .find(
        (l) =>
          l.startsWith('redis_cluster_current_master_info{') && l.includes(`:${master.port}"`) && / 1( |$)/.test(l),
      );
    const shardOf = /shard="([^"]+)"/.exec(line ?? '')![1];
    await cluster.hangNode(master);
    try {
      const promoted = await cluster.waitForFailover(master);
      const seconds = await expectOneFailover(shardOf, `127.0.0.1:${master.port}`, `127.0.0.1:${promoted.port}`);
      console.log(`cluster failover (SIGSTOP): ${seconds.toFixed(2)} s`);
    } finally {
      cluster.resumeNode(master);
    }
  });
});
