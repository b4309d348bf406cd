import * as nodegraph from '@grafana/grafana-foundation-sdk/nodegraph';
import * as tempo from '@grafana/grafana-foundation-sdk/tempo';
import { newDashboard, TEMPO, timeSeries, traceQLTable } from './panels';

export function traces() {
  return newDashboard('redislens-traces', 'Redis traces', 'Redis client spans, session validation and failover traces in Tempo.')
    .withPanel(
      new nodegraph.PanelBuilder()
        .title('Service map')
        .datasource(TEMPO)
        .span(24)
        .height(10)
        .withTarget(new tempo.DataqueryBuilder().refId('A').datasource(TEMPO).queryType('serviceMap')),
    )
    .withPanel(
      timeSeries('Redis spans / s by operation (span metrics)', 'ops', [
        {
          expr: 'sum by (span_name) (rate(traces_span_metrics_calls_total{db_system_name="redis"}[$__rate_interval]))',
          legend: '{{span_name}}',
        },
      ]),
    )
    .withPanel(
      timeSeries('Redis span p95 by operation (span metrics)', 's', [
        {
          expr: 'histogram_quantile(0.95, sum by (le, span_name) (rate(traces_span_metrics_duration_seconds_bucket{db_system_name="redis"}[$__rate_interval])))',
          legend: '{{span_name}}',
          exemplar: true,
        },
      ]),
    )
    .withPanel(traceQLTable('Slow session validations (> 50 ms)', '{ name = "session.validate" && duration > 50ms }'))
    .withPanel(traceQLTable('Failed Redis commands', '{ span.db.system.name = "redis" && status = error }'))
    .withPanel(traceQLTable('Sentinel failovers', '{ name =~ "sentinel.failover.*" }'));
}
