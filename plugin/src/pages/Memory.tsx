import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text } from '@grafana/ui';
import { loadMemoryModel } from '../api/loaders';
import { BiggestKeysTable } from '../components/BiggestKeysTable/BiggestKeysTable';
import { MemoryForecast } from '../components/MemoryForecast/MemoryForecast';
import { MemoryPatternsTable } from '../components/MemoryPatternsTable/MemoryPatternsTable';
import { PageToolbar } from '../components/PageToolbar/PageToolbar';
import { ShardBalanceTable } from '../components/ShardBalanceTable/ShardBalanceTable';
import { StateView } from '../components/StateView/StateView';
import { coverageSummary } from '../data/memory';
import { useAsync } from '../hooks/useAsync';
import { usePageTime } from '../hooks/usePageTime';
import { usePrometheusUid } from '../hooks/usePrometheus';
import { useSettings } from '../settingsContext';
import { testIds } from '../testIds';

const SAMPLER_HINT =
  'Needs redis_key_group_memory_usage_bytes from the redis-lens exporter (its memory sampler is on by default).';

/** Where the memory goes: the forecast, memory by key pattern with error bands, TTL mix, biggest keys, shards. */
function Memory() {
  const settings = useSettings();
  const time = usePageTime();
  const { uid, missing } = usePrometheusUid();
  const state = useAsync(
    () => (uid ? loadMemoryModel(uid, time.window) : Promise.reject(new Error(missing))),
    [uid, time.window]
  );
  const model = state.value;
  return (
    <PluginPage>
      <div data-testid={testIds.pages.memory}>
        <PageToolbar time={time} />
        <Stack direction="column" gap={3}>
          <section>
            <Text element="h3">Forecast</Text>
            <StateView
              {...state}
              empty={!model?.forecasts.length}
              emptyText="No memory forecast"
              emptyHint="Needs redis_memory_time_to_full_seconds and redis_memory_limit_bytes from the redis-lens exporter."
            >
              <MemoryForecast
                forecasts={model?.forecasts ?? []}
                coverage={model?.coverage ?? []}
                thresholdSeconds={settings.memoryFullInSeconds}
              />
            </StateView>
          </section>
          <section>
            <Text element="h3">Memory by key pattern</Text>
            <StateView
              {...state}
              empty={!model?.patterns.length}
              emptyText="No key-pattern estimates"
              emptyHint={SAMPLER_HINT}
            >
              <Text color="secondary">{coverageSummary(model?.coverage ?? [])}</Text>
              <MemoryPatternsTable rows={model?.patterns ?? []} />
            </StateView>
          </section>
          <section>
            <Text element="h3">Biggest keys</Text>
            <StateView
              {...state}
              empty={!model?.patterns.some((p) => p.biggest.length)}
              emptyText="No biggest keys reported"
              emptyHint={SAMPLER_HINT}
            >
              <BiggestKeysTable patterns={model?.patterns ?? []} />
            </StateView>
          </section>
          {!!model?.shards.length && (
            <section>
              <Text element="h3">Cluster shards</Text>
              <ShardBalanceTable shards={model.shards} />
            </section>
          )}
        </Stack>
      </div>
    </PluginPage>
  );
}

export default Memory;
