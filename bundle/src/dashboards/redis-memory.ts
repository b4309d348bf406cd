// Where the memory goes, from the exporter's key-group sampler (docs/metrics.md "Memory by key pattern"): memory,
// growth and TTL mix per key pattern with their 95 % error, the biggest keys (as `pattern#hash`), and the forecast
// that RedisMemoryFullIn alerts on. Estimates come from a sample: coverage says how much of the keyspace it read.
import { MEMORY_FULL_IN_SECONDS } from '../memory-alerts';
import { barGauge, instanceVariable, newDashboard, row, statPanel, tablePanel, timeSeries } from './panels';

const I = 'instance=~"$instance"';
const byGroup = (metric: string) => `sum by (key_group) (${metric}{${I}})`;

/** Queries the overview's memory row shares with this dashboard, so both show the same numbers. */
export const MEMORY_SUMMARY = {
  timeToFull: { expr: `min(redis_memory_time_to_full_seconds{${I}})` },
  growth: { expr: `sum(redis_memory_growth_bytes_per_second{${I}})` },
  coverage: { expr: `min(redis_key_groups_sample_coverage_ratio{${I}})` },
  topPatterns: { expr: `topk(10, ${byGroup('redis_key_group_memory_usage_bytes')})`, legend: '{{key_group}}' },
};

export function redisMemory() {
  return newDashboard(
    'redislens-memory',
    'Redis memory',
    `Memory by key pattern (sampled: estimates with their 95 % error and the share of the keyspace read), growth, TTL mix, biggest keys, and the forecast time until the memory limit (RedisMemoryFullIn fires under ${MEMORY_FULL_IN_SECONDS / 3600} h).`,
  )
    .withVariable(instanceVariable())
    .withPanel(
      statPanel('Time to full', 's', MEMORY_SUMMARY.timeToFull, 4, 'At the growth of the last 30 min; empty or ∞ when not growing.'),
    )
    .withPanel(statPanel('Growth', 'Bps', MEMORY_SUMMARY.growth, 4, 'Least-squares growth of used_memory the forecast uses.'))
    .withPanel(statPanel('Used', 'bytes', { expr: `sum(redis_memory_used_bytes{${I}})` }))
    .withPanel(
      statPanel('Limit', 'bytes', { expr: `max by (source) (redis_memory_limit_bytes{${I}})`, legend: '{{source}}' }, 4,
        'maxmemory, else the cgroup or system limit.'),
    )
    .withPanel(
      statPanel('Keyspace sampled', 'percentunit', MEMORY_SUMMARY.coverage, 4,
        'Share of the keyspace the current sampling window has read (the lowest across instances and dbs).'),
    )
    .withPanel(
      statPanel('Eviction policy', 'none', { expr: `count by (maxmemory_policy) (redis_instance_info{${I}})`, legend: '{{maxmemory_policy}}' }),
    )
    .withRow(row('Forecast'))
    .withPanel(
      timeSeries('Used memory and limit', 'bytes', [
        { expr: `redis_memory_used_bytes{${I}}`, legend: 'used {{instance}}' },
        { expr: `redis_memory_limit_bytes{${I}}`, legend: 'limit {{instance}} ({{source}})' },
      ]),
    )
    .withPanel(
      timeSeries('Time to full', 's', [{ expr: `redis_memory_time_to_full_seconds{${I}}`, legend: '{{instance}}' }], 12,
        `RedisMemoryFullIn fires below ${MEMORY_FULL_IN_SECONDS / 3600} h while Redis does not evict yet.`),
    )
    .withRow(row('By key pattern'))
    .withPanel(barGauge('Memory by pattern', 'bytes', MEMORY_SUMMARY.topPatterns))
    .withPanel(
      tablePanel('Patterns: memory, keys and 95 % error', [
        { expr: `topk(20, ${byGroup('redis_key_group_memory_usage_bytes')})` },
        { expr: byGroup('redis_key_group_memory_usage_bytes_error') },
        { expr: byGroup('redis_key_group_count') },
        { expr: byGroup('redis_key_group_count_error') },
      ])
        // One row per pattern: the four instant queries joined on key_group, their values named.
        .withTransformation({ id: 'merge', options: {} })
        .withTransformation({
          id: 'organize',
          options: {
            excludeByName: { Time: true },
            renameByName: {
              'Value #A': 'bytes',
              'Value #B': 'bytes ± (95 %)',
              'Value #C': 'keys',
              'Value #D': 'keys ± (95 %)',
            },
          },
        }),
    )
    .withPanel(
      timeSeries('Memory by pattern over time', 'bytes', [
        { expr: `topk(10, ${byGroup('redis_key_group_memory_usage_bytes')})`, legend: '{{key_group}}' },
      ]),
    )
    .withPanel(
      timeSeries('Growth per pattern (bytes over the last hour)', 'bytes', [
        {
          expr: `topk(10, sum by (key_group) (delta(redis_key_group_memory_usage_bytes{${I}}[1h])))`,
          legend: '{{key_group}}',
        },
      ]),
    )
    .withPanel(
      timeSeries('TTL mix (bytes by remaining TTL)', 'bytes', [
        { expr: `sum by (ttl) (redis_key_group_memory_by_ttl_bytes{${I}})`, legend: '{{ttl}}' },
      ]),
    )
    .withPanel(
      tablePanel('TTL mix per pattern', [{ expr: `sum by (key_group, ttl) (redis_key_group_memory_by_ttl_bytes{${I}})` }]),
    )
    .withPanel(
      tablePanel('Biggest keys (pattern#hash)', [
        { expr: `topk(20, max by (key_group, key) (redis_key_group_biggest_key_bytes{${I}}))` },
      ]),
    )
    .withPanel(
      tablePanel('Elements per key (p50, p99, max)', [
        { expr: `max by (key_group, type, quantile) (redis_key_group_elements{${I},quantile=~"0.5|0.99|1"})` },
      ]),
    )
    .withRow(row('Cluster shards'))
    .withPanel(
      timeSeries('Memory per shard (masters)', 'bytes', [
        { expr: 'max by (job, shard) (redis_memory_used_bytes{role="master"})', legend: '{{job}} shard {{shard}}' },
      ]),
    )
    .withPanel(
      timeSeries('Sampled memory per shard', 'bytes', [
        { expr: 'sum by (shard) (redis_key_group_memory_usage_bytes{shard!=""})', legend: 'shard {{shard}}' },
      ]),
    )
    .withRow(row('Sampler cost'))
    .withPanel(
      timeSeries('Sampler commands / s', 'ops', [
        { expr: `rate(redis_exporter_memory_sampler_commands_total{${I}}[$__rate_interval])`, legend: '{{instance}}' },
      ]),
    )
    .withPanel(
      timeSeries('Sampler cycle time (p99) and last full window', 's', [
        {
          expr: `histogram_quantile(0.99, sum by (instance, le) (rate(redis_exporter_memory_sampler_cycle_seconds_bucket{${I}}[$__rate_interval])))`,
          legend: 'cycle p99 {{instance}}',
        },
        { expr: `redis_last_key_groups_scrape_duration_milliseconds{${I}} / 1000`, legend: 'window {{instance}}' },
      ]),
    );
}
