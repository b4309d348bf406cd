import React from 'react';
import { PanelProps } from '@grafana/data';
import { FailoverTimeline } from '../../components/FailoverTimeline/FailoverTimeline';
import { PanelFrame } from '../../components/PanelFrame/PanelFrame';
import { TopologyView } from '../../components/TopologyView/TopologyView';
import { buildFailoverTimeline } from '../../data/failovers';
import { framesToSeries } from '../../data/frames';
import { label } from '../../data/series';
import { currentMasters } from '../../data/topology';

export interface FailoverPanelOptions {
  /** Seconds within which a counter increment and an address change are the same failover. */
  matchWindowSeconds: number;
}

/**
 * Current master per group and the failovers in the panel's range, from queries such as
 * `redis_sentinel_current_master_info`, `redis_sentinel_master_status` and `redis_sentinel_failovers_total`.
 */
export function FailoverPanel({ data, options, width, height }: PanelProps<FailoverPanelOptions>) {
  const series = framesToSeries(data.series);
  const addresses = series.filter((s) => label(s, 'master_name') && label(s, 'master_address'));
  const counters = series.filter((s) => label(s, 'master_name') && label(s, 'result'));
  const masters = currentMasters(addresses, []);
  const events = buildFailoverTimeline(
    { masterAddress: addresses, failoversTotal: counters, durationSum: [], durationCount: [] },
    options.matchWindowSeconds * 1000
  );
  const groups = [...masters].map(([masterName, m]) => ({
    masterName,
    masterAddress: m.address,
    source: m.source,
    replicas: [],
  }));
  return (
    <PanelFrame
      data={data}
      width={width}
      height={height}
      rowCount={groups.length + events.length}
      skipped={series.length - addresses.length - counters.length}
      needs="series with `master_name` and `master_address` (or `result`) labels"
    >
      <TopologyView groups={groups} lagThresholdSeconds={Infinity} />
      {events.length > 0 && <FailoverTimeline events={events} />}
    </PanelFrame>
  );
}
