import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { loadClusters, loadTopology } from '../api/loaders';
import { FleetTopology } from '../components/FleetTopology/FleetTopology';
import { PageToolbar } from '../components/PageToolbar/PageToolbar';
import { StateView } from '../components/StateView/StateView';
import { useAsync } from '../hooks/useAsync';
import { usePageTime } from '../hooks/usePageTime';
import { usePrometheusUid } from '../hooks/usePrometheus';
import { useSettings } from '../settingsContext';
import { testIds } from '../testIds';

/** Every Sentinel group and Redis Cluster in the fleet, trouble first. */
function Topology() {
  const settings = useSettings();
  const time = usePageTime();
  const { uid, missing } = usePrometheusUid();
  const deps = [uid, time.window];
  const sentinel = useAsync(() => (uid ? loadTopology(uid, time.window) : Promise.reject(new Error(missing))), deps);
  const clusters = useAsync(() => (uid ? loadClusters(uid, time.window) : Promise.reject(new Error(missing))), deps);
  const error = sentinel.error ?? clusters.error;
  const loading = sentinel.loading || clusters.loading;
  const empty = !sentinel.value?.length && !clusters.value?.length;

  return (
    <PluginPage>
      <div data-testid={testIds.pages.topology}>
        <PageToolbar time={time} />
        <StateView
          loading={loading}
          error={error}
          empty={empty}
          emptyText="No Sentinel group or Redis Cluster found"
          emptyHint="Needs redis_sentinel_current_master_info or redis_sentinel_master_status (Sentinel), or redis_cluster_node_info (redis-lens exporter with --is-cluster)."
        >
          <FleetTopology
            sentinelGroups={sentinel.value ?? []}
            clusters={clusters.value ?? []}
            lagThresholdSeconds={settings.replicaLagThreshold}
          />
        </StateView>
      </div>
    </PluginPage>
  );
}

export default Topology;
