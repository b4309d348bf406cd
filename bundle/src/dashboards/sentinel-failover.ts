import { labelVariable, newDashboard, okMapping, pluginPanel, row, statPanel, tablePanel, timeSeries, traceQLTable } from './panels';

const M = 'master_name=~"$master_name"';

export function sentinelFailover() {
  return newDashboard('redislens-sentinel', 'Redis Sentinel & failover', 'Masters, quorum, failovers and their timing.')
    .withVariable(labelVariable('master_name', 'Master', 'redis_sentinel_master_status'))
    .withPanel(
      pluginPanel('redislens-failover-panel', 'Failover timeline', [
        { expr: `redis_sentinel_current_master_info{${M}}`, legend: '{{master_name}} {{master_address}}' },
        { expr: `sum by (master_name, event) (increase(redis_sentinel_events_total{${M}}[$__rate_interval]))`, legend: '{{event}}' },
      ]),
    )
    .withPanel(statPanel('Failovers in range', 'short', { expr: `sum(increase(redis_sentinel_failovers_total{${M}}[$__range]))` }))
    .withPanel(
      statPanel('Quorum', 'none', { expr: `min(redis_sentinel_master_ckquorum_status{${M}})` }).mappings(
        okMapping('OK', 'LOST'),
      ),
    )
    .withPanel(statPanel('OK Sentinels', 'short', { expr: `min(redis_sentinel_master_ok_sentinels{${M}})` }))
    .withPanel(statPanel('OK replicas', 'short', { expr: `min(redis_sentinel_master_ok_slaves{${M}})` }))
    .withPanel(statPanel('Config epoch', 'none', { expr: `max(redis_sentinel_master_config_epoch{${M}})` }))
    .withPanel(
      statPanel('Last failover', 'dateTimeFromNow', {
        expr: `max(redis_sentinel_last_failover_timestamp_seconds{${M}}) * 1000`,
      }),
    )
    .withPanel(
      tablePanel('Current masters', [
        { expr: `redis_sentinel_current_master_info{${M}}` },
        { expr: `redis_sentinel_master_status{${M}}` },
      ], 24),
    )
    .withRow(row('Failover timing'))
    .withPanel(
      timeSeries('Failover duration (p50 / p95)', 's', [
        {
          expr: `histogram_quantile(0.5, sum by (le, master_name) (rate(redis_sentinel_failover_duration_seconds_bucket{${M}}[$__rate_interval])))`,
          legend: 'p50 {{master_name}}',
        },
        {
          expr: `histogram_quantile(0.95, sum by (le, master_name) (rate(redis_sentinel_failover_duration_seconds_bucket{${M}}[$__rate_interval])))`,
          legend: 'p95 {{master_name}}',
        },
      ]),
    )
    .withPanel(
      timeSeries('Client recovery after failover (p95)', 's', [
        {
          expr: `histogram_quantile(0.95, sum by (le, master_name) (rate(redislens_client_failover_recovery_seconds_bucket{${M}}[$__rate_interval])))`,
          legend: '{{master_name}}',
          exemplar: true,
        },
      ]),
    )
    .withPanel(
      timeSeries('Failovers by result', 'short', [
        { expr: `sum by (master_name, result) (increase(redis_sentinel_failovers_total{${M}}[$__rate_interval]))`, legend: '{{master_name}} {{result}}' },
        { expr: `sum by (master_name) (increase(redislens_client_failovers_total{${M}}[$__rate_interval]))`, legend: 'seen by clients {{master_name}}' },
      ]),
    )
    .withPanel(
      timeSeries('Sentinel events', 'short', [
        { expr: `sum by (event) (increase(redis_sentinel_events_total{${M}}[$__rate_interval]))`, legend: '{{event}}' },
      ]),
    )
    .withPanel(traceQLTable('Failover traces', '{ name =~ "sentinel.failover.*" }'));
}
