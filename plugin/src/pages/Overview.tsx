import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text } from '@grafana/ui';
import { loadAlerts, loadHotKeys, loadInstances, loadMemoryModel, loadTopology } from '../api/loaders';
import { AlertsTable } from '../components/AlertsTable/AlertsTable';
import { HotKeysTable } from '../components/HotKeysTable/HotKeysTable';
import { InstancesTable } from '../components/InstancesTable/InstancesTable';
import { MemoryForecast } from '../components/MemoryForecast/MemoryForecast';
import { MemoryPatternsTable } from '../components/MemoryPatternsTable/MemoryPatternsTable';
import { PageToolbar } from '../components/PageToolbar/PageToolbar';
import { StateView } from '../components/StateView/StateView';
import { TopologySection } from '../components/TopologySection/TopologySection';
import { useAsync } from '../hooks/useAsync';
import { usePageTime } from '../hooks/usePageTime';
import { usePrometheusUid } from '../hooks/usePrometheus';
import { useSettings } from '../settingsContext';
import { testIds } from '../testIds';

const noUid = (missing?: string) => Promise.reject(new Error(missing));

function Overview() {
  const settings = useSettings();
  const time = usePageTime();
  const { uid, missing } = usePrometheusUid();
  const deps = [uid, time.window];
  const instances = useAsync(() => (uid ? loadInstances(uid, time.window) : noUid(missing)), deps);
  const topology = useAsync(() => (uid ? loadTopology(uid, time.window) : noUid(missing)), deps);
  const hotKeys = useAsync(
    () => (uid ? loadHotKeys(uid, time.window, settings.hotKeyRateThreshold) : noUid(missing)),
    [...deps, settings.hotKeyRateThreshold]
  );
  const memory = useAsync(() => (uid ? loadMemoryModel(uid, time.window) : noUid(missing)), deps);
  const alerts = useAsync(() => loadAlerts(settings.alertRuleFilter), [time.window, settings.alertRuleFilter]);
  const firing = (alerts.value ?? []).filter((a) => a.state === 'firing' || a.state === 'pending');

  return (
    <PluginPage>
      <div data-testid={testIds.pages.overview}>
        <PageToolbar time={time} />
        <Stack direction="column" gap={3}>
          <section>
            <Text element="h3">Instances</Text>
            <StateView
              {...instances}
              empty={!instances.value?.length}
              emptyText="No Redis instances (no redis_up series)"
            >
              <InstancesTable rows={instances.value ?? []} />
            </StateView>
          </section>
          <section>
            <Text element="h3">Current masters</Text>
            <TopologySection state={topology} lagThresholdSeconds={settings.replicaLagThreshold} />
          </section>
          <section>
            <Text element="h3">Top hot keys</Text>
            <StateView
              {...hotKeys}
              empty={!hotKeys.value?.length}
              emptyText="No hot keys reported"
              emptyHint="Needs redis_hotkey_accesses_per_minute (exporter, LFU policy) or redislens_hotkey_rate (library)."
            >
              <HotKeysTable
                rows={hotKeys.value ?? []}
                threshold={settings.hotKeyRateThreshold}
                limit={5}
                showTrend={false}
              />
            </StateView>
          </section>
          <section>
            <Text element="h3">Memory: forecast and top patterns</Text>
            <StateView
              {...memory}
              empty={!memory.value?.forecasts.length && !memory.value?.patterns.length}
              emptyText="No memory forecast or key-pattern estimates"
              emptyHint="Needs redis_memory_time_to_full_seconds and redis_key_group_memory_usage_bytes (redis-lens exporter). Details: the Memory page."
            >
              <Stack direction="column" gap={1}>
                <MemoryForecast
                  forecasts={memory.value?.forecasts ?? []}
                  coverage={memory.value?.coverage ?? []}
                  thresholdSeconds={settings.memoryFullInSeconds}
                  showTrend={false}
                />
                <MemoryPatternsTable rows={memory.value?.patterns ?? []} limit={5} showTrend={false} />
              </Stack>
            </StateView>
          </section>
          <section>
            <Text element="h3">Firing alerts</Text>
            <StateView {...alerts} empty={firing.length === 0} emptyText="No redis-lens alert is firing">
              <AlertsTable rows={firing} />
            </StateView>
          </section>
        </Stack>
      </div>
    </PluginPage>
  );
}

export default Overview;
