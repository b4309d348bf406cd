/**
 * The memory alerts of the one catalog (alerts.ts), as one escalation per Redis:
 *   RedisMemoryFullIn        — the trend: at the recent growth rate the limit is reached within hours (forecast);
 *   RedisMemoryNearMaxmemory — the level: above 90 % of maxmemory now, whatever the trend;
 *   RedisEvictingKeys        — it happened: the data set no longer fits and Redis drops keys.
 * RedisMemoryFullIn hands over to RedisEvictingKeys: once Redis evicts, the forecast has nothing left to warn about.
 * Metric names come from docs/metrics.md ("Memory by key pattern").
 */
import type { AlertDefinition } from './alerts';

/** Shipped value of the bundle parameter `memoryFullInSeconds`: warn 4 h before the limit, time to act by day. */
export const MEMORY_FULL_IN_SECONDS = 4 * 3600;

/** Evictions in the last 5 minutes, per Redis (the RedisEvictingKeys signal). */
const EVICTING = 'sum by (instance, job) (rate(redis_evicted_keys_total[5m])) > 0';

const duration = (seconds: number) =>
  seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;

/**
 * RedisMemoryFullIn: the exporter's forecast (`redis_memory_time_to_full_seconds`: least squares over the last 30 min
 * of used_memory against maxmemory, else the cgroup/system limit) below the threshold, while Redis does not evict yet.
 */
export function memoryFullInAlert(seconds: number): AlertDefinition {
  return {
    name: 'RedisMemoryFullIn',
    query: `min by (instance, job) (redis_memory_time_to_full_seconds) unless on (instance, job) (${EVICTING})`,
    comparator: '<',
    threshold: seconds,
    // The growth rate is already a 30-minute fit; 5 minutes more keeps a short burst from warning.
    for: '5m',
    severity: 'warning',
    summary: 'Redis {{ $labels.instance }} runs out of memory in under ' + duration(seconds),
    description: `At its growth over the last 30 minutes, Redis {{ $labels.instance }} reaches its memory limit (maxmemory, else the container or system limit) in under ${duration(seconds)}; then it evicts keys (or refuses writes with noeviction).`,
  };
}

export const MEMORY_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'RedisMemoryNearMaxmemory',
    query: 'redis_memory_used_bytes / (redis_memory_max_bytes > 0)',
    comparator: '>',
    threshold: 0.9,
    for: '5m',
    severity: 'warning',
    summary: 'Redis {{ $labels.instance }} is above 90% of maxmemory',
    description:
      'Redis {{ $labels.instance }} uses more than 90% of maxmemory for 5 minutes: evictions or OOM errors follow.',
  },
  memoryFullInAlert(MEMORY_FULL_IN_SECONDS),
  {
    name: 'RedisEvictingKeys',
    query: 'sum by (instance) (rate(redis_evicted_keys_total[5m]))',
    comparator: '>',
    threshold: 0,
    for: '2m',
    severity: 'warning',
    summary: 'Redis {{ $labels.instance }} is evicting keys',
    description:
      'Redis {{ $labels.instance }} has evicted keys for 2 minutes: the data set no longer fits in maxmemory.',
  },
];
