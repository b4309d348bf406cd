import React, { useMemo, useState } from 'react';
import { PluginPage } from '@grafana/runtime';
import { Combobox, Field, Input, Stack } from '@grafana/ui';
import { loadHotKeys } from '../api/loaders';
import { HotKeysTable } from '../components/HotKeysTable/HotKeysTable';
import { PageToolbar } from '../components/PageToolbar/PageToolbar';
import { StateView } from '../components/StateView/StateView';
import { useAsync } from '../hooks/useAsync';
import { usePageTime } from '../hooks/usePageTime';
import { usePrometheusUid } from '../hooks/usePrometheus';
import { useSettings } from '../settingsContext';
import { testIds } from '../testIds';

function HotKeys() {
  const settings = useSettings();
  const time = usePageTime();
  const { uid, missing } = usePrometheusUid();
  const [instance, setInstance] = useState('');
  const [pattern, setPattern] = useState('');
  const threshold = settings.hotKeyRateThreshold;
  const all = useAsync(
    () => (uid ? loadHotKeys(uid, time.window, threshold) : Promise.reject(new Error(missing))),
    [uid, time.window, threshold]
  );
  const instances = useMemo(() => [...new Set((all.value ?? []).map((r) => r.instance))].sort(), [all.value]);
  const needle = pattern.trim().toLowerCase();
  const rows = (all.value ?? [])
    .filter((r) => !instance || r.instance === instance)
    .filter((r) => !needle || r.pattern.toLowerCase().includes(needle) || r.key.toLowerCase().includes(needle));

  return (
    <PluginPage>
      <div data-testid={testIds.pages.hotKeys}>
        <PageToolbar time={time} />
        <Stack gap={2}>
          <Field label="Instance">
            <Combobox
              data-testid={testIds.hotKeys.instanceFilter}
              width={30}
              isClearable
              value={instance || null}
              options={instances.map((i) => ({ label: i, value: i }))}
              onChange={(option) => setInstance(option?.value ?? '')}
            />
          </Field>
          <Field label="Key or pattern contains">
            <Input
              data-testid={testIds.hotKeys.patternFilter}
              width={30}
              value={pattern}
              onChange={(e) => setPattern(e.currentTarget.value)}
            />
          </Field>
        </Stack>
        <StateView
          {...all}
          empty={rows.length === 0}
          emptyText={all.value?.length ? 'No hot key matches the filter' : 'No hot keys reported'}
          emptyHint="Server side: redis_hotkey_accesses_per_minute (exporter, needs an *-lfu maxmemory-policy). Client side: redislens_hotkey_rate (library)."
        >
          <HotKeysTable rows={rows} threshold={threshold} />
        </StateView>
      </div>
    </PluginPage>
  );
}

export default HotKeys;
