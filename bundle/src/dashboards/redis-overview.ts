// The panels operators know from the community redis_exporter dashboards (763, 11835), on the same metric names.
import { barGauge, instanceVariable, newDashboard, okMapping, pluginPanel, row, statPanel, timeSeries } from './panels';
import { MEMORY_SUMMARY } from './redis-memory';

const I = 'instance=~"$instance"';

export function redisOverview() {
  return newDashboard('redislens-overview', 'Redis overview', 'Health, load, memory, keys and replication per Redis.')
    .withVariable(instanceVariable())
    .withPanel(statPanel('Up', 'none', { expr: `min(redis_up{${I}})` }).mappings(okMapping('UP', 'DOWN')))
    .withPanel(statPanel('Connected clients', 'short', { expr: `sum(redis_connected_clients{${I}})` }))
    .withPanel(
      statPanel('Memory used / max', 'percentunit', {
        expr: `max(redis_memory_used_bytes{${I}} / (redis_memory_max_bytes{${I}} > 0))`,
      }),
    )
    .withPanel(
      statPanel('Hit ratio', 'percentunit', {
        expr: `sum(rate(redis_keyspace_hits_total{${I}}[$__rate_interval])) / (sum(rate(redis_keyspace_hits_total{${I}}[$__rate_interval])) + sum(rate(redis_keyspace_misses_total{${I}}[$__rate_interval])))`,
      }),
    )
    .withPanel(statPanel('Keys', 'short', { expr: `sum(redis_db_keys{${I}})` }))
    .withPanel(statPanel('Connected replicas', 'short', { expr: `sum(redis_connected_slaves{${I}})` }))
    .withPanel(pluginPanel('redislens-alerts-panel', 'Firing Redis alerts', [], 24, 6))
    .withRow(row('Memory forecast and top patterns'))
    .withPanel(statPanel('Time to full', 's', MEMORY_SUMMARY.timeToFull, 4, 'Details: the Redis memory dashboard.'))
    .withPanel(statPanel('Memory growth', 'Bps', MEMORY_SUMMARY.growth))
    .withPanel(statPanel('Keyspace sampled', 'percentunit', MEMORY_SUMMARY.coverage))
    .withPanel(barGauge('Top patterns by memory', 'bytes', MEMORY_SUMMARY.topPatterns))
    .withRow(row('Load'))
    .withPanel(
      timeSeries('Commands executed / s', 'ops', [
        { expr: `rate(redis_commands_processed_total{${I}}[$__rate_interval])`, legend: '{{instance}}' },
      ]),
    )
    .withPanel(
      timeSeries('Hits / misses per s', 'ops', [
        { expr: `sum by (instance) (rate(redis_keyspace_hits_total{${I}}[$__rate_interval]))`, legend: 'hits {{instance}}' },
        { expr: `sum by (instance) (rate(redis_keyspace_misses_total{${I}}[$__rate_interval]))`, legend: 'misses {{instance}}' },
      ]),
    )
    .withPanel(
      timeSeries('Top commands / s', 'ops', [
        { expr: `topk(10, sum by (cmd) (rate(redis_commands_total{${I}}[$__rate_interval])))`, legend: '{{cmd}}' },
      ]),
    )
    .withPanel(
      timeSeries('Average latency by command', 's', [
        {
          expr: `sum by (cmd) (rate(redis_commands_duration_seconds_total{${I}}[$__rate_interval])) / sum by (cmd) (rate(redis_commands_total{${I}}[$__rate_interval]))`,
          legend: '{{cmd}}',
        },
      ]),
    )
    .withPanel(
      timeSeries('Clients', 'short', [
        { expr: `redis_connected_clients{${I}}`, legend: 'connected {{instance}}' },
        { expr: `redis_blocked_clients{${I}}`, legend: 'blocked {{instance}}' },
        { expr: `redis_config_maxclients{${I}}`, legend: 'maxclients {{instance}}' },
      ]),
    )
    .withPanel(
      timeSeries('Errors and rejections / s', 'ops', [
        { expr: `sum by (err) (rate(redis_errors_total{${I}}[$__rate_interval]))`, legend: '{{err}}' },
        { expr: `sum(rate(redis_rejected_connections_total{${I}}[$__rate_interval]))`, legend: 'rejected connections' },
        { expr: `sum by (cmd) (rate(redis_commands_failed_calls_total{${I}}[$__rate_interval]))`, legend: 'failed {{cmd}}' },
      ]),
    )
    .withRow(row('Memory and keys'))
    .withPanel(
      timeSeries('Memory usage', 'bytes', [
        { expr: `redis_memory_used_bytes{${I}}`, legend: 'used {{instance}}' },
        { expr: `redis_memory_max_bytes{${I}} > 0`, legend: 'max {{instance}}' },
      ]),
    )
    .withPanel(
      timeSeries('Fragmentation ratio', 'none', [{ expr: `redis_mem_fragmentation_ratio{${I}}`, legend: '{{instance}}' }]),
    )
    .withPanel(
      timeSeries('Keys per db', 'short', [
        { expr: `sum by (db) (redis_db_keys{${I}})`, legend: '{{db}}' },
        { expr: `sum by (db) (redis_db_keys_expiring{${I}})`, legend: '{{db}} expiring' },
      ]),
    )
    .withPanel(
      timeSeries('Expired / evicted keys per s', 'ops', [
        { expr: `sum by (instance) (rate(redis_expired_keys_total{${I}}[$__rate_interval]))`, legend: 'expired {{instance}}' },
        { expr: `sum by (instance) (rate(redis_evicted_keys_total{${I}}[$__rate_interval]))`, legend: 'evicted {{instance}}' },
      ]),
    )
    .withPanel(
      timeSeries('Network I/O', 'Bps', [
        { expr: `rate(redis_net_input_bytes_total{${I}}[$__rate_interval])`, legend: 'in {{instance}}' },
        { expr: `rate(redis_net_output_bytes_total{${I}}[$__rate_interval])`, legend: 'out {{instance}}' },
      ]),
    )
    .withPanel(
      timeSeries('Slow log', 'short', [{ expr: `redis_slowlog_length{${I}}`, legend: '{{instance}}' }]),
    )
    .withRow(row('Replication'))
    .withPanel(
      timeSeries('Master link up (replicas)', 'none', [{ expr: `redis_master_link_up{${I}}`, legend: '{{instance}}' }]),
    )
    .withPanel(
      timeSeries('Replica lag', 's', [
        {
          expr: `redis_connected_slave_lag_seconds{${I}}`,
          legend: '{{instance}} → {{slave_ip}}:{{slave_port}}',
        },
      ]),
    )
    .withPanel(
      timeSeries('Replication offset', 'bytes', [
        { expr: `redis_master_repl_offset{${I}}`, legend: 'master {{instance}}' },
        { expr: `redis_connected_slave_offset_bytes{${I}}`, legend: 'replica {{slave_ip}}:{{slave_port}}' },
      ]),
    )
    .withPanel(
      timeSeries('Exporter scrape duration', 's', [
        { expr: `redis_exporter_last_scrape_duration_seconds{${I}}`, legend: '{{instance}}' },
      ]),
    );
}
