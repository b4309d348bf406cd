import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { loadAlerts } from '../api/loaders';
import { AlertsTable } from '../components/AlertsTable/AlertsTable';
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
  return (
    <PluginPage>
      <div data-testid={testIds.pages.alerts}>
        <PageToolbar time={time} />
        <StateView
          {...alerts}
          empty={!alerts.value?.length}
          emptyText="No redis-lens alert rules found"
          emptyHint={`Rules are matched by rule, group or file name against /${settings.alertRuleFilter}/i (app configuration).`}
        >
          <AlertsTable rows={alerts.value ?? []} />
        </StateView>
      </div>
    </PluginPage>
  );
}

export default Alerts;
