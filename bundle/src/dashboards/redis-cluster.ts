// Redis Cluster: cluster-wide state from the exporter's own /metrics (`redis_cluster_*`), per-shard load from the
// per-node series Prometheus scrapes through `/scrape?target=` with `shard`/`role` labels from http_sd.
// Per-shard load reads the shard's master (`role="master"`): a replica replays the master's writes, so adding it
// would count them twice.
import { SHARD_IMBALANCE_RATIO } from '../cluster-alerts';
import {
  labelVariable,
  newDashboard,
  okMapping,
  row,
  statPanel,
  tablePanel,
  timeSeries,
  traceQLTable,
} from './panels';

const S = 'shard=~"$shard"';
const MASTER = `role="master",${S}`;

export function redisCluster() {
  return newDashboard(
    'redislens-cluster',
    'Redis Cluster',
    `Cluster state, slots, shards (master → replicas), per-shard load and failovers. A shard is imbalanced above ${SHARD_IMBALANCE_RATIO}× the median shard.`,
  )
    .withVariable(labelVariable('shard', 'Shard', 'redis_cluster_shard_slots'))
    .withPanel(statPanel('Cluster state', 'none', { expr: 'min(redis_cluster_state)' }).mappings(okMapping('OK', 'FAIL')))
    .withPanel(statPanel('Slots ok', 'short', { expr: 'min(redis_cluster_slots_ok)' }))
    .withPanel(statPanel('Slots pfail', 'short', { expr: 'max(redis_cluster_slots_pfail)' }))
    .withPanel(statPanel('Slots fail', 'short', { expr: 'max(redis_cluster_slots_fail)' }))
    .withPanel(statPanel('Shards', 'short', { expr: 'max(redis_cluster_size)' }))
    .withPanel(
      statPanel('Failovers in range', 'short', { expr: `sum(increase(redis_cluster_failovers_total{${S}}[$__range]))` }),
    )
    .withPanel(
      timeSeries('Slots by state', 'short', [
        { expr: 'min(redis_cluster_slots_ok)', legend: 'ok' },
        { expr: 'max(redis_cluster_slots_pfail)', legend: 'pfail' },
        { expr: 'max(redis_cluster_slots_fail)', legend: 'fail' },
      ]),
    )
    .withPanel(
      timeSeries('Nodes by health', 'short', [
        { expr: 'count by (health) (redis_cluster_node_info)', legend: '{{health}}' },
        { expr: 'max(redis_cluster_known_nodes)', legend: 'known nodes' },
      ]),
    )
    .withRow(row('Shards'))
    .withPanel(
      tablePanel(
        'Shards: master and replicas',
        [{ expr: `redis_cluster_node_info{${S}}` }, { expr: `redis_cluster_node_slots{${S}}` }],
        24,
      ).description('One row per node: shard (lowest slot), role, the master a replica follows, link state and health.'),
    )
    .withPanel(
      tablePanel('Slots and replicas per shard', [
        { expr: `redis_cluster_shard_slots{${S}}` },
        { expr: `redis_cluster_shard_replicas{${S}}` },
        { expr: `redis_cluster_shard_healthy_replicas{${S}}` },
      ]),
    )
    .withPanel(
      timeSeries('Slots migrating / importing', 'short', [
        { expr: `sum by (shard) (redis_cluster_slots_migrating{${S}})`, legend: 'migrating from {{shard}}' },
        { expr: `sum by (shard) (redis_cluster_slots_importing{${S}})`, legend: 'importing into {{shard}}' },
      ]),
    )
    .withPanel(
      timeSeries('Commands / s per shard (master)', 'ops', [
        {
          expr: `sum by (shard) (rate(redis_commands_processed_total{${MASTER}}[$__rate_interval]))`,
          legend: '{{shard}}',
        },
      ]),
    )
    .withPanel(
      timeSeries('Memory per shard (master)', 'bytes', [
        { expr: `max by (shard) (redis_memory_used_bytes{${MASTER}})`, legend: '{{shard}}' },
        { expr: `max by (shard) (redis_memory_max_bytes{${MASTER}} > 0)`, legend: 'maxmemory {{shard}}' },
      ]),
    )
    .withPanel(
      timeSeries('Keys per shard (master)', 'short', [
        { expr: `sum by (shard) (redis_db_keys{${MASTER}})`, legend: '{{shard}}' },
      ]),
    )
    .withPanel(
      tablePanel('Hot keys per shard (LFU frequency)', [
        { expr: `topk by (shard) (5, redis_hotkey_lfu_frequency{${S}})` },
      ]).description('The bounded LFU scan runs once per master; keys are redacted unless raw keys are allowed.'),
    )
    .withRow(row('Failovers'))
    .withPanel(
      tablePanel('Current masters', [{ expr: `redis_cluster_current_master_info{${S}}` }]).description(
        'A former master of a shard reads 0.',
      ),
    )
    .withPanel(
      timeSeries('Failovers per shard', 'short', [
        {
          expr: `sum by (shard, trigger) (increase(redis_cluster_failovers_total{${S}}[$__rate_interval]))`,
          legend: '{{shard}} {{trigger}}',
        },
      ]),
    )
    .withPanel(
      timeSeries('Failover duration (p50 / p95)', 's', [
        {
          expr: `histogram_quantile(0.5, sum by (le, shard) (rate(redis_cluster_failover_duration_seconds_bucket{${S}}[$__rate_interval])))`,
          legend: 'p50 {{shard}}',
        },
        {
          expr: `histogram_quantile(0.95, sum by (le, shard) (rate(redis_cluster_failover_duration_seconds_bucket{${S}}[$__rate_interval])))`,
          legend: 'p95 {{shard}}',
        },
      ]),
    )
    .withPanel(
      timeSeries('Cluster clients: redirects and slot refreshes / s', 'ops', [
        {
          expr: 'sum by (kind) (rate(redislens_client_cluster_redirects_total[$__rate_interval]))',
          legend: '{{kind}}',
        },
        {
          expr: 'sum(rate(redislens_client_cluster_slot_refreshes_total[$__rate_interval]))',
          legend: 'slot refreshes',
        },
      ]),
    )
    // The exporter traces each failover: root `cluster.failover <shard>`, children pfail → fail → promoted → cluster-ok.
    .withPanel(traceQLTable('Failover traces', '{ name =~ "cluster.failover.*" }'));
}
