import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text } from '@grafana/ui';
import { loadFailovers, loadTopology } from '../api/loaders';
import { FailoverTimeline } from '../components/FailoverTimeline/FailoverTimeline';
import { PageToolbar } from '../components/PageToolbar/PageToolbar';
import { StateView } from '../components/StateView/StateView';
import { TopologySection } from '../components/TopologySection/TopologySection';
import { failoverTraceLink } from '../data/traceLink';
import { useAsync } from '../hooks/useAsync';
import { usePageTime } from '../hooks/usePageTime';
import { usePrometheusUid } from '../hooks/usePrometheus';
import { useSettings } from '../settingsContext';
import { testIds } from '../testIds';

function Failover() {
  const settings = useSettings();
  const time = usePageTime();
  const { uid, missing } = usePrometheusUid();
  const topology = useAsync(
    () => (uid ? loadTopology(uid, time.window) : Promise.reject(new Error(missing))),
    [uid, time.window]
  );
  const timeline = useAsync(
    () => (uid ? loadFailovers(uid, time.window) : Promise.reject(new Error(missing))),
    [uid, time.window]
  );
  const tempoUid = settings.tempoUid;

  return (
    <PluginPage>
      <div data-testid={testIds.pages.failover}>
        <PageToolbar time={time} />
        <Stack direction="column" gap={3}>
          <section>
            <Text element="h3">Sentinel topology</Text>
            <TopologySection state={topology} lagThresholdSeconds={settings.replicaLagThreshold} />
          </section>
          <section>
            <Text element="h3">Failovers in this time range</Text>
            <StateView {...timeline} empty={!timeline.value?.length} emptyText="No failover in this time range">
              <FailoverTimeline
                events={timeline.value ?? []}
                traceLink={tempoUid ? (event) => failoverTraceLink(tempoUid, event) : undefined}
              />
            </StateView>
          </section>
        </Stack>
      </div>
    </PluginPage>
  );
}

export default Failover;
