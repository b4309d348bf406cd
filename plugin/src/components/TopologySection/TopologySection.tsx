import React from 'react';
import { AsyncState } from '../../hooks/useAsync';
import { SentinelGroup } from '../../data/topology';
import { StateView } from '../StateView/StateView';
import { TopologyView } from '../TopologyView/TopologyView';

export interface TopologySectionProps {
  state: AsyncState<SentinelGroup[]>;
  lagThresholdSeconds: number;
}

/** Sentinel groups with their loading, error and empty states; shared by the Overview and Failover pages. */
export function TopologySection({ state, lagThresholdSeconds }: TopologySectionProps) {
  return (
    <StateView
      {...state}
      empty={!state.value?.length}
      emptyText="No Sentinel groups found"
      emptyHint="Needs redis_sentinel_current_master_info (redis-lens exporter) or redis_sentinel_master_status (redis_exporter pointed at a Sentinel)."
    >
      <TopologyView groups={state.value ?? []} lagThresholdSeconds={lagThresholdSeconds} />
    </StateView>
  );
}
