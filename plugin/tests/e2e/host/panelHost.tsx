import React from 'react';
import {
  DataFrame,
  FieldType,
  getDefaultTimeRange,
  LoadingState,
  PanelOptionsEditorBuilder,
  PanelPlugin,
  PanelProps,
  toDataFrame,
} from '@grafana/data';

/**
 * Options as Grafana fills them for a new panel: each option's default value. A recording builder stands in for
 * PanelOptionsEditorBuilder, whose editors live in a registry only Grafana's app fills.
 */
function defaultOptions(plugin: PanelPlugin): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const recorder: unknown = new Proxy(
    {},
    {
      get: () => (item?: { path?: string; defaultValue?: unknown }) => {
        if (item?.path) {
          options[item.path] = item.defaultValue;
        }
        return recorder;
      },
    }
  );
  plugin.getPanelOptionsSupplier()(recorder as PanelOptionsEditorBuilder<Record<string, unknown>>, { data: [] });
  return options;
}

interface PromMatrix {
  status: string;
  error?: string;
  data?: { result?: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

/**
 * What Grafana's Prometheus datasource hands a panel: one frame per series, labels on the value field. The query
 * goes through the stand-in's datasource proxy to the real Prometheus.
 */
async function queryFrames(expr: string): Promise<{ series: DataFrame[]; error?: string }> {
  const end = Date.now() / 1000;
  const params = new URLSearchParams({ query: expr, start: String(end - 600), end: String(end), step: '2' });
  const body: PromMatrix = await (await fetch(`/api/datasources/proxy/uid/prom/api/v1/query_range?${params}`)).json();
  if (body.status !== 'success') {
    return { series: [], error: body.error ?? 'query failed' };
  }
  const series = (body.data?.result ?? []).map((r) =>
    toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: r.values.map(([t]) => t * 1000) },
        { name: 'Value', type: FieldType.number, values: r.values.map(([, v]) => Number(v)), labels: r.metric },
      ],
    })
  );
  return { series };
}

/** Renders a nested panel plugin from the built bundle with the data of its own query `expr`. */
export async function renderPanelPage(plugin: PanelPlugin, expr: string): Promise<React.ReactElement> {
  const { series, error } = await queryFrames(expr);
  const Panel = plugin.panel as React.ComponentType<PanelProps>;
  const props = {
    id: 1,
    data: {
      state: error ? LoadingState.Error : LoadingState.Done,
      series,
      errors: error ? [{ message: error }] : undefined,
      timeRange: getDefaultTimeRange(),
    },
    timeRange: getDefaultTimeRange(),
    timeZone: 'utc',
    options: defaultOptions(plugin),
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width: 1200,
    height: 500,
    renderCounter: 0,
    title: expr,
    eventBus: undefined,
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (s: string) => s,
    onChangeTimeRange: () => {},
  } as unknown as PanelProps;
  return <Panel {...props} />;
}
