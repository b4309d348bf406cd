import React from 'react';
import { PanelProps } from '@grafana/data';
import { HotKeysTable } from '../../components/HotKeysTable/HotKeysTable';
import { PanelFrame } from '../../components/PanelFrame/PanelFrame';
import { framesToSeries } from '../../data/frames';
import { hotKeysFromSeries } from '../../data/hotkeys';

export interface HotKeysPanelOptions {
  clientRateThreshold: number;
  lfuThreshold: number;
  limit: number;
  showTrend: boolean;
}

/** Hot keys from the panel's own queries, e.g. `redis_hotkey_lfu_frequency` or `redislens_hotkey_rate`. */
export function HotKeysPanel({ data, options, width, height }: PanelProps<HotKeysPanelOptions>) {
  const series = framesToSeries(data.series);
  const thresholds = { clientRatePerMinute: options.clientRateThreshold, serverLfu: options.lfuThreshold };
  const rows = hotKeysFromSeries(series, thresholds);
  return (
    <PanelFrame
      data={data}
      width={width}
      height={height}
      rowCount={rows.length}
      skipped={series.length - rows.length}
      needs="series with a `key` label (redis_hotkey_lfu_frequency or redislens_hotkey_rate)"
    >
      <HotKeysTable rows={rows} thresholds={thresholds} limit={options.limit} showTrend={options.showTrend} />
    </PanelFrame>
  );
}
