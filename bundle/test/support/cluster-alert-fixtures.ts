/** promtool fixtures for the Redis Cluster alerts (bundle/src/cluster-alerts.ts); same shape as alert-fixtures.ts. */
import type { AlertFixture, Series } from './alert-fixtures';

const job = 'job="redis-cluster"';
const exporter = `instance="exporter:9121",${job}`;
const node = (port: number, shard: string, role: 'master' | 'replica', j = job) =>
  `instance="127.0.0.1:${port}",${j},shard="${shard}",role="${role}"`;
const SHARDS = ['0', '5461', '10923'];

/** One series per shard master (and a replica of each, which the per-shard rules must ignore). */
const perShard = (metric: string, values: string[], j = job): Series[] =>
  SHARDS.flatMap((shard, i) => [
    { series: `${metric}{${node(7001 + i, shard, 'master', j)}}`, values: values[i] },
    { series: `${metric}{${node(7004 + i, shard, 'replica', j)}}`, values: values[i] },
  ]);
const small = 'job="redis-cluster-small"';

export const CLUSTER_ALERT_FIXTURES: Record<string, AlertFixture> = {
  RedisClusterStateNotOk: {
    evalTime: '2m',
    fault: [
      { series: `redis_cluster_state{${node(7001, '0', 'master')}}`, values: '1 0x20' },
      { series: `redis_cluster_state{${node(7002, '5461', 'master')}}`, values: '1x20' },
    ],
    healthy: [
      { series: `redis_cluster_state{${node(7001, '0', 'master')}}`, values: '1x20' },
      { series: `redis_cluster_state{${node(7002, '5461', 'master')}}`, values: '1x20' },
    ],
    labels: { job: 'redis-cluster' },
  },
  RedisClusterSlotsFail: {
    evalTime: '1m',
    fault: [{ series: `redis_cluster_slots_fail{${exporter}}`, values: '0 0 5461x10' }],
    healthy: [{ series: `redis_cluster_slots_fail{${exporter}}`, values: '0x10' }],
    labels: { job: 'redis-cluster' },
  },
  RedisClusterSlotsPfail: {
    evalTime: '2m',
    fault: [{ series: `redis_cluster_slots_pfail{${exporter}}`, values: '0 5461x20' }],
    // A short PFAIL that cleared (the node answered again) is not worth a notification.
    healthy: [{ series: `redis_cluster_slots_pfail{${exporter}}`, values: '0 5461 5461 0x20' }],
    labels: { job: 'redis-cluster' },
  },
  RedisClusterShardNoHealthyReplica: {
    evalTime: '3m',
    fault: [
      { series: `redis_cluster_shard_healthy_replicas{${exporter},shard="0"}`, values: '1 0x20' },
      { series: `redis_cluster_shard_healthy_replicas{${exporter},shard="5461"}`, values: '1x20' },
      { series: `redis_cluster_shard_replicas{${exporter},shard="0"}`, values: '1x20' },
      { series: `redis_cluster_shard_replicas{${exporter},shard="5461"}`, values: '1x20' },
    ],
    healthy: [
      { series: `redis_cluster_shard_healthy_replicas{${exporter},shard="0"}`, values: '1x20' },
      { series: `redis_cluster_shard_replicas{${exporter},shard="0"}`, values: '1x20' },
      // A master without slots holds no data.
      { series: `redis_cluster_shard_healthy_replicas{${exporter},shard="none-1a2b3c4d"}`, values: '0x20' },
      { series: `redis_cluster_shard_replicas{${exporter},shard="none-1a2b3c4d"}`, values: '0x20' },
      // A cluster built without replicas.
      { series: `redis_cluster_shard_healthy_replicas{instance="exporter:9121",${small},shard="0"}`, values: '0x20' },
      { series: `redis_cluster_shard_replicas{instance="exporter:9121",${small},shard="0"}`, values: '0x20' },
    ],
    labels: { job: 'redis-cluster', shard: '0' },
  },
  RedisClusterShardMemoryImbalance: {
    evalTime: '20m',
    fault: perShard('redis_memory_used_bytes', ['2000000000x100', '500000000x100', '500000000x100']),
    healthy: [
      ...perShard('redis_memory_used_bytes', ['600000000x100', '500000000x100', '500000000x100']),
      // 100× the median, but too small to matter.
      ...perShard('redis_memory_used_bytes', ['100000000x100', '1000000x100', '1000000x100'], small),
    ],
    labels: { job: 'redis-cluster', shard: '0' },
  },
  RedisClusterShardOpsImbalance: {
    evalTime: '20m',
    // 4,000/s against 1,000/s on the other shards.
    fault: perShard('redis_commands_processed_total', ['0+60000x100', '0+15000x100', '0+15000x100']),
    healthy: [
      ...perShard('redis_commands_processed_total', ['0+18000x100', '0+15000x100', '0+15000x100']),
      ...perShard('redis_commands_processed_total', ['0+1500x100', '0+15x100', '0+15x100'], small),
    ],
    labels: { job: 'redis-cluster', shard: '0' },
  },
  RedisClusterFailoverHappened: {
    evalTime: '10m',
    // The shard's first failover: the counter's series appears at 1 (increase() would see nothing).
    fault: [{ series: `redis_cluster_failovers_total{${exporter},shard="0",trigger="failure"}`, values: '_x30 1x10' }],
    healthy: [
      { series: `redis_cluster_failovers_total{${exporter},shard="0",trigger="failure"}`, values: '0x60' },
      // A failover 8 minutes before the evaluation.
      { series: `redis_cluster_failovers_total{${exporter},shard="5461",trigger="manual"}`, values: '0x7 1x60' },
    ],
    labels: { job: 'redis-cluster', shard: '0' },
  },
  RedisClusterFailoverFlapping: {
    evalTime: '40m',
    fault: [
      {
        series: `redis_cluster_failovers_total{${exporter},shard="0",trigger="failure"}`,
        values: '0x100 1 1 2 2 3x60',
      },
    ],
    healthy: [
      { series: `redis_cluster_failovers_total{${exporter},shard="0",trigger="failure"}`, values: '0x100 1x20 2x60' },
    ],
    labels: { job: 'redis-cluster', shard: '0' },
  },
};
