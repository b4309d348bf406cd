/** Small helpers over the foundation SDK builders so each dashboard file reads as a list of panels. */
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as tempo from '@grafana/grafana-foundation-sdk/tempo';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS_DS_UID, TEMPO_DS_UID } from '../params';

export const PROMETHEUS = { type: 'prometheus', uid: PROMETHEUS_DS_UID };
export const TEMPO = { type: 'tempo', uid: TEMPO_DS_UID };

export interface Query {
  expr: string;
  legend?: string;
  /** Ask Prometheus for exemplars (links to the trace in Tempo). */
  exemplar?: boolean;
}

const promQuery = (q: Query, refId: string, instant = false) => {
  const builder = new prometheus.DataqueryBuilder()
    .refId(refId)
    .datasource(PROMETHEUS)
    .expr(q.expr)
    .legendFormat(q.legend ?? '__auto');
  if (q.exemplar) builder.exemplar(true);
  return instant ? builder.instant().format(prometheus.PromQueryFormat.Table) : builder.range();
};

const refIds = 'ABCDEFGHIJ';

export function timeSeries(title: string, unit: string, queries: Query[], width = 12, description?: string) {
  const panel = new timeseries.PanelBuilder().title(title).unit(unit).datasource(PROMETHEUS).span(width).height(8);
  if (description) panel.description(description);
  queries.forEach((q, i) => panel.withTarget(promQuery(q, refIds[i])));
  return panel;
}

export function statPanel(title: string, unit: string, query: Query, width = 4, description?: string) {
  const panel = new stat.PanelBuilder()
    .title(title)
    .unit(unit)
    .datasource(PROMETHEUS)
    .span(width)
    .height(4)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .withTarget(promQuery(query, 'A'));
  if (description) panel.description(description);
  return panel;
}

/** Horizontal bars, one per series, sorted as the query returns them (instant query: the latest value). */
export function barGauge(title: string, unit: string, query: Query, width = 12, description?: string) {
  const panel = new bargauge.PanelBuilder()
    .title(title)
    .unit(unit)
    .datasource(PROMETHEUS)
    .span(width)
    .height(8)
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Basic)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    // An instant query as time series (not a table): one bar per series, named by its legend.
    .withTarget(promQuery(query, 'A').instant());
  if (description) panel.description(description);
  return panel;
}

/** Value → text/colour for 0/1 health gauges (redis_up, quorum status): reads as UP/DOWN instead of 1/0. */
export function okMapping(okText: string, badText: string): dashboard.ValueMapping[] {
  return [
    {
      type: dashboard.MappingType.ValueToText,
      options: { '0': { text: badText, color: 'red', index: 0 }, '1': { text: okText, color: 'green', index: 1 } },
    },
  ];
}

export function tablePanel(title: string, queries: Query[], width = 12) {
  const panel = new table.PanelBuilder().title(title).datasource(PROMETHEUS).span(width).height(8);
  queries.forEach((q, i) => panel.withTarget(promQuery(q, refIds[i], true)));
  return panel;
}

/** A panel of redis-lens's app plugin (`plugin/`); it reads the same Prometheus datasource. */
export function pluginPanel(type: string, title: string, queries: Query[], width = 24, height = 10) {
  const panel = new dashboard.PanelBuilder().type(type).title(title).datasource(PROMETHEUS).span(width).height(height);
  queries.forEach((q, i) => panel.withTarget(promQuery(q, refIds[i])));
  return panel;
}

export function traceQLTable(title: string, traceQL: string, width = 24) {
  return new table.PanelBuilder()
    .title(title)
    .datasource(TEMPO)
    .span(width)
    .height(10)
    .withTarget(new tempo.DataqueryBuilder().refId('A').datasource(TEMPO).queryType('traceql').query(traceQL).limit(20));
}

export function instanceVariable(metric = 'redis_up') {
  return labelVariable('instance', 'Instance', metric);
}

export function labelVariable(name: string, label: string, metric: string) {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS)
    .query(`label_values(${metric}, ${name})`)
    .definition(`label_values(${metric}, ${name})`)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}

export function newDashboard(uid: string, title: string, description: string) {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['redis', 'redis-lens'])
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .editable();
}

export const row = (title: string) => new dashboard.RowBuilder(title);
