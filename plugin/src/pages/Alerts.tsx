import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text } from '@grafana/ui';
import { loadAlerts, loadFiringGroups } from '../api/loaders';
import { AlertsTable } from '../components/AlertsTable/AlertsTable';
import { FiringAlerts } from '../components/FiringAlerts/FiringAlerts';
import { PageToolbar } from '../components/PageToolbar/PageToolbar';
import { StateView } from '../components/StateView/StateView';
import { useAsync } from '../hooks/useAsync';
import { usePageTime } from '../hooks/usePageTime';
import { useSettings } from '../settingsContext';
import { testIds } from '../testIds';

function Alerts() {
  const settings = useSettings();
  const time = usePageTime();
  const alerts = useAsync(() => loadAlerts(settings.alertRuleFilter), [time.window, settings.alertRuleFilter]);
  const firing = useAsync(() => loadFiringGroups(settings.alertRuleFilter), [time.window, settings.alertRuleFilter]);
  return (
    <PluginPage>
      <div data-testid={testIds.pages.alerts}>
        <PageToolbar time={time} />
        <Stack direction="column" gap={3}>
          <section>
            <Text element="h3">Firing now, by instance and group</Text>
            <StateView {...firing} empty={!firing.value?.length} emptyText="No redis-lens alert is firing">
              <FiringAlerts groups={firing.value ?? []} onSilenced={time.refresh} />
            </StateView>
          </section>
          <section>
            <Text element="h3">Rules</Text>
            <StateView
              {...alerts}
              empty={!alerts.value?.length}
              emptyText="No redis-lens alert rules found"
              emptyHint={`Rules are matched by rule, group or file name against /${settings.alertRuleFilter}/i (app configuration).`}
            >
              <AlertsTable rows={alerts.value ?? []} />
            </StateView>
          </section>
        </Stack>
      </div>
    </PluginPage>
  );
}

export default Alerts;
