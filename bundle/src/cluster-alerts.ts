/**
 * Redis Cluster alerts (names from docs/metrics.md "Redis Cluster"). Part of the one catalog in alerts.ts.
 *
 * Label conventions: the exporter's own /metrics carries the cluster-wide view (`redis_cluster_*`, one series per
 * shard where it has a `shard` label); per-node series scraped through `/scrape?target=` carry `shard` and `role` from
 * the `/discover-cluster-nodes` http_sd labels. One Prometheus job scrapes one cluster, so `job` names the cluster.
 */
import type { AlertDefinition } from './alerts';

/** A shard is "far above the others" when it carries more than this many times the cluster's median shard. */
export const SHARD_IMBALANCE_RATIO = 2;
/** Below these a shard is too small for its imbalance to matter (a mostly idle cluster is always lopsided). */
export const SHARD_IMBALANCE_MIN_MEMORY_BYTES = 256 * 1024 * 1024;
export const SHARD_IMBALANCE_MIN_OPS_PER_SECOND = 1000;

/** Failovers of a shard in the last `window`, also when the counter's series is younger than the window. */
const failoversIn = (window: string) =>
  // increase() needs two samples of the series, so it misses a shard's first failover (the series appears at 1).
  // `or … * 0` takes a missing past value as 0; a counter reset (exporter restart) gives a negative, silent value.
  `sum by (job, shard) (redis_cluster_failovers_total - (redis_cluster_failovers_total offset ${window} or redis_cluster_failovers_total * 0))`;

/** Per-shard value divided by the median shard of its cluster, kept only where the shard is above `floor`. */
const imbalance = (perShard: string, floor: number) =>
  `${perShard} / on (job) group_left () quantile by (job) (0.5, ${perShard}) and on (job, shard) (${perShard} > ${floor})`;

const shardMemory = 'max by (job, shard) (redis_memory_used_bytes{role="master"})';
const shardOps = 'sum by (job, shard) (rate(redis_commands_processed_total{role="master"}[5m]))';

export const CLUSTER_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'RedisClusterStateNotOk',
    // min over the cluster's nodes: a node that cannot reach a majority of masters reports fail too.
    query: 'min by (job) (redis_cluster_state)',
    comparator: '<',
    threshold: 1,
    for: '1m',
    severity: 'critical',
    summary: 'Redis Cluster {{ $labels.job }} state is fail',
    description:
      'A node of Redis Cluster {{ $labels.job }} reports cluster_state:fail for 1 minute: it refuses queries (slots uncovered or no majority).',
  },
  {
    name: 'RedisClusterSlotsFail',
    query: 'max by (job) (redis_cluster_slots_fail)',
    comparator: '>',
    threshold: 0,
    for: '0s',
    severity: 'critical',
    summary: 'Redis Cluster {{ $labels.job }} has slots in fail state',
    description:
      'Slots of Redis Cluster {{ $labels.job }} are served by a master the cluster marked fail: keys there are unavailable until a replica takes over.',
  },
  {
    name: 'RedisClusterSlotsPfail',
    // PFAIL is one node's suspicion; it turns into FAIL (and a failover) within about 2 × cluster-node-timeout.
    query: 'max by (job) (redis_cluster_slots_pfail)',
    comparator: '>',
    threshold: 0,
    for: '1m',
    severity: 'warning',
    summary: 'Redis Cluster {{ $labels.job }} has slots in pfail state',
    description:
      'Slots of Redis Cluster {{ $labels.job }} are served by a master other nodes cannot reach (PFAIL) for 1 minute.',
  },
  {
    name: 'RedisClusterShardNoHealthyReplica',
    // Masters without slots (`none-…`) hold no data. A cluster built without any replica is a choice, not a fault.
    query:
      'min by (job, shard) (redis_cluster_shard_healthy_replicas{shard!~"none-.*"}) unless on (job) (max by (job) (redis_cluster_shard_replicas) == 0)',
    comparator: '<',
    threshold: 1,
    for: '2m',
    severity: 'warning',
    summary: 'Shard {{ $labels.shard }} of Redis Cluster {{ $labels.job }} has no healthy replica',
    description:
      'Shard {{ $labels.shard }} of Redis Cluster {{ $labels.job }} has no online replica with a connected link for 2 minutes: the next failure of its master loses those slots.',
  },
  {
    name: 'RedisClusterShardMemoryImbalance',
    query: imbalance(shardMemory, SHARD_IMBALANCE_MIN_MEMORY_BYTES),
    comparator: '>',
    threshold: SHARD_IMBALANCE_RATIO,
    for: '15m',
    severity: 'warning',
    summary: 'Shard {{ $labels.shard }} of Redis Cluster {{ $labels.job }} uses far more memory than the others',
    description: `The master of shard {{ $labels.shard }} in Redis Cluster {{ $labels.job }} uses more than ${SHARD_IMBALANCE_RATIO}× the median shard's memory (and over ${SHARD_IMBALANCE_MIN_MEMORY_BYTES / 1024 / 1024} MiB) for 15 minutes: big keys or a skewed hash tag.`,
  },
  {
    name: 'RedisClusterShardOpsImbalance',
    query: imbalance(shardOps, SHARD_IMBALANCE_MIN_OPS_PER_SECOND),
    comparator: '>',
    threshold: SHARD_IMBALANCE_RATIO,
    for: '15m',
    severity: 'warning',
    summary: 'Shard {{ $labels.shard }} of Redis Cluster {{ $labels.job }} serves far more commands than the others',
    description: `The master of shard {{ $labels.shard }} in Redis Cluster {{ $labels.job }} processes more than ${SHARD_IMBALANCE_RATIO}× the median shard's commands per second (and over ${SHARD_IMBALANCE_MIN_OPS_PER_SECOND}/s) for 15 minutes: hot keys or a skewed hash tag.`,
  },
  {
    name: 'RedisClusterFailoverHappened',
    query: failoversIn('5m'),
    comparator: '>',
    threshold: 0,
    for: '0s',
    severity: 'warning',
    summary: 'Redis Cluster {{ $labels.job }} failed over shard {{ $labels.shard }}',
    description:
      'A replica of shard {{ $labels.shard }} in Redis Cluster {{ $labels.job }} replaced its master in the last 5 minutes.',
  },
  {
    name: 'RedisClusterFailoverFlapping',
    query: failoversIn('30m'),
    comparator: '>',
    threshold: 2,
    for: '0s',
    severity: 'critical',
    summary: 'Shard {{ $labels.shard }} of Redis Cluster {{ $labels.job }} is failing over repeatedly',
    description:
      'Shard {{ $labels.shard }} of Redis Cluster {{ $labels.job }} failed over 3 or more times in 30 minutes.',
  },
];
