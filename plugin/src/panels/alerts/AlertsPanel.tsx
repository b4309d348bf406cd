import React from 'react';
import { PanelProps } from '@grafana/data';
import { AlertsTable } from '../../components/AlertsTable/AlertsTable';
import { PanelFrame } from '../../components/PanelFrame/PanelFrame';
import { AlertRow } from '../../data/alerts';
import { framesToSeries } from '../../data/frames';
import { label, lastValue, Series } from '../../data/series';

export interface AlertsPanelOptions {
  showPending: boolean;
}

/** One row per alert name from `ALERTS` series (labels alertname, alertstate, severity). */
export function alertRowsFromSeries(series: Series[], showPending: boolean): AlertRow[] {
  const rows = new Map<string, AlertRow>();
  for (const s of series) {
    const name = label(s, 'alertname');
    const state = label(s, 'alertstate') || 'firing';
    if (!name || lastValue(s) !== 1 || (!showPending && state !== 'firing')) {
      continue;
    }
    const existing = rows.get(name);
    const since = s.points.find(([, v]) => v === 1)?.[0];
    rows.set(name, {
      name,
      group: '',
      state: existing?.state === 'firing' ? 'firing' : state,
      severity: label(s, 'severity'),
      since: existing?.since !== undefined && since !== undefined ? Math.min(existing.since, since) : since,
      summary: '',
      instances: (existing?.instances ?? 0) + 1,
    });
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function AlertsPanel({ data, options, width, height }: PanelProps<AlertsPanelOptions>) {
  const series = framesToSeries(data.series);
  const rows = alertRowsFromSeries(series, options.showPending);
  return (
    <PanelFrame
      data={data}
      width={width}
      height={height}
      rowCount={rows.length}
      skipped={series.filter((s) => !label(s, 'alertname')).length}
      needs="active `ALERTS` series (an `alertname` label)"
    >
      <AlertsTable rows={rows} />
    </PanelFrame>
  );
}
