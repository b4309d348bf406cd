import pino from 'pino';
import { getText, startRedisCluster, waitFor, type RedisCluster } from '@redis-lens/testkit';
import { loadConfig } from '../../src/config';
import { startExporter, type RunningExporter } from '../../src/service';
import { parseMetrics, series } from '../helpers';

// The memory sampler in cluster mode: one per master, node by node, each series with its `shard`; a real 3 × 0 cluster.
describe('memory sampler on every master of a real Redis Cluster', () => {
  let cluster: RedisCluster;
  let exporter: RunningExporter;
  const KEYS = 1500;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0 });
    const client = cluster.client();
    // A cluster pipeline must stay in one slot: plain commands, 100 in flight at a time.
    for (let i = 0; i < KEYS; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => client.set(`order:${i + j}`, 'o'.repeat(200))));
    }
    client.disconnect();
    const config = loadConfig([
      '--web.listen-address',
      '127.0.0.1:0',
      '--redis.addr',
      cluster.nodes[0].url(),
      '--is-cluster',
      '--hotkeys.enabled=false',
      '--memory.interval',
      '100ms',
    ]);
    exporter = await startExporter(config, { env: {}, logger: pino({ level: 'silent' }) });
  });

  afterAll(async () => {
    await exporter?.stop();
    await cluster?.stop();
  });

  it('estimates per shard; the shards add up to the whole keyspace', async () => {
    const masters = await cluster.masters();
    const metrics = await waitFor(
      'every master to finish a window',
      async () => {
        const m = parseMetrics((await getText(`${exporter.url}/metrics`)).body);
        const done = series(m, 'redis_key_groups_sample_coverage_ratio').filter((s) => s.value === 1);
        return done.length === masters.length && m;
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    const counts = series(metrics, 'redis_key_group_count').filter((s) => s.labels.includes('key_group="order:{id}"'));
    expect(counts).toHaveLength(3);
    const shards = new Set(counts.map((s) => /shard="(\d+)"/.exec(s.labels)?.[1]));
    expect(shards).toEqual(new Set(['0', '5461', '10923']));
    expect(counts.reduce((sum, s) => sum + s.value, 0)).toBe(KEYS);
    // Redis 7.0 has no CLUSTER SLOT-STATS: said per shard, never an error.
    const slotStats = series(metrics, 'redis_memory_source_available').filter((s) =>
      s.labels.includes('source="slot_stats"'),
    );
    expect(slotStats.map((s) => s.labels.includes('reason="not_supported"'))).toEqual([true, true, true]);
    expect(series(metrics, 'redis_exporter_memory_sampler_commands_total').length).toBe(3);
  });
});
