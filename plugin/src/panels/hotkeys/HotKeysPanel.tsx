import React from 'react';
import { PanelProps } from '@grafana/data';
import { HotKeysTable } from '../../components/HotKeysTable/HotKeysTable';
import { PanelFrame } from '../../components/PanelFrame/PanelFrame';
import { framesToSeries } from '../../data/frames';
import { hotKeysFromSeries } from '../../data/hotkeys';

export interface HotKeysPanelOptions {
  /** Accesses/min above which a key is marked. */
  threshold: number;
  limit: number;
  showTrend: boolean;
}

/**
 * Hot keys from the panel's own queries: `redis_hotkey_accesses_per_minute or redislens_hotkey_rate`, plus
 * optionally their confidence series (`…_error_ratio`, `redislens_hotkey_rate_coverage`) and the raw LFU counter.
 */
export function HotKeysPanel({ data, options, width, height }: PanelProps<HotKeysPanelOptions>) {
  const series = framesToSeries(data.series);
  const { rows, skipped } = hotKeysFromSeries(series, options.threshold);
  return (
    <PanelFrame
      data={data}
      width={width}
      height={height}
      rowCount={rows.length}
      skipped={skipped}
      needs="series with a `key` label (redis_hotkey_accesses_per_minute or redislens_hotkey_rate)"
    >
      <HotKeysTable rows={rows} threshold={options.threshold} limit={options.limit} showTrend={options.showTrend} />
    </PanelFrame>
  );
}
