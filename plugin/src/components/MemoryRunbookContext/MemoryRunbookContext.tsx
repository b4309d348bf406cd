import React from 'react';
import { Stack, Text } from '@grafana/ui';
import { loadMemoryModel, TimeWindow } from '../../api/loaders';
import { coverageSummary, topGrowers } from '../../data/memory';
import { useAsync } from '../../hooks/useAsync';
import { useSettings } from '../../settingsContext';
import { testIds } from '../../testIds';
import { MemoryForecast } from '../MemoryForecast/MemoryForecast';
import { MemoryPatternsTable } from '../MemoryPatternsTable/MemoryPatternsTable';
import { StateView } from '../StateView/StateView';

export interface MemoryRunbookContextProps {
  uid: string;
  labels: Record<string, string>;
  window: TimeWindow;
}

/**
 * A memory alert's first questions: when is the limit reached (forecast, limit, growth, eviction policy), and which
 * key patterns grew most in the window, with their TTL mix. The forecast rows are the alert's instance when it has
 * one (RedisMemoryFullIn fires on the exporter's series); patterns are every instance's, the growers first.
 */
export function MemoryRunbookContext({ uid, labels, window }: MemoryRunbookContextProps) {
  const settings = useSettings();
  const state = useAsync(() => loadMemoryModel(uid, window), [uid, window]);
  const model = state.value;
  const forecasts = model?.forecasts ?? [];
  const mine = forecasts.filter((f) => f.instance === labels.instance);
  const growers = topGrowers(model?.patterns ?? []);
  return (
    <Stack direction="column" gap={1}>
      <StateView
        {...state}
        empty={!forecasts.length}
        emptyText="No memory forecast (redis_memory_time_to_full_seconds)"
      >
        <MemoryForecast
          forecasts={mine.length ? mine : forecasts}
          coverage={model?.coverage ?? []}
          thresholdSeconds={settings.memoryFullInSeconds}
        />
      </StateView>
      <Text element="h6">Key patterns that grew most in this time range</Text>
      <StateView
        {...state}
        empty={!growers.length}
        emptyText={model?.patterns.length ? 'No key pattern grew in this time range' : 'No key-pattern estimates'}
        emptyHint="Needs redis_key_group_memory_usage_bytes from the redis-lens exporter's memory sampler."
      >
        <div data-testid={testIds.memory.growers}>
          <Text color="secondary">{coverageSummary(model?.coverage ?? [])}</Text>
          <MemoryPatternsTable rows={growers} />
        </div>
      </StateView>
    </Stack>
  );
}
