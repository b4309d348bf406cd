import React, { FormEvent, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { DataSourcePicker, getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, useStyles2 } from '@grafana/ui';
import { testIds } from '../../testIds';
import { AppSettings, withDefaults } from '../../types';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

/** Datasources and thresholds, saved in the app's jsonData (no secrets: the app holds none). */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const s = useStyles2(getStyles);
  const { enabled, pinned, jsonData } = plugin.meta;
  const [settings, setSettings] = useState(withDefaults(jsonData));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const numberField = (name: keyof AppSettings) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setSettings({ ...settings, [name]: Number(event.currentTarget.value) });
  type ThresholdName = 'hotKeyRateThreshold' | 'replicaLagThreshold';
  const thresholdField = (label: string, name: ThresholdName, testId: string, max?: number) => (
    <Field label={label} invalid={!(settings[name] >= 0)}>
      <Input
        type="number"
        min={0}
        max={max}
        width={20}
        data-testid={testId}
        value={settings[name]}
        onChange={numberField(name)}
      />
    </Field>
  );
  const invalid = [settings.hotKeyRateThreshold, settings.replicaLagThreshold].some(
    (n) => !Number.isFinite(n) || n < 0
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid) {
      return;
    }
    try {
      await updatePlugin(plugin.meta.id, { enabled, pinned, jsonData: settings });
      setSaved(true);
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Saving failed');
    }
  };

  return (
    <form onSubmit={onSubmit}>
      <FieldSet label="Datasources">
        <Field label="Prometheus" description="Where the exporter's and library's metrics are">
          <div data-testid={testIds.appConfig.prometheus}>
            <DataSourcePicker
              type="prometheus"
              current={settings.prometheusUid ?? null}
              noDefault
              onChange={(ds) => setSettings({ ...settings, prometheusUid: ds.uid })}
            />
          </div>
        </Field>
        <Field label="Tempo" description="Optional: failover rows link to their trace">
          <div data-testid={testIds.appConfig.tempo}>
            <DataSourcePicker
              type="tempo"
              current={settings.tempoUid ?? null}
              noDefault
              onClear={() => setSettings({ ...settings, tempoUid: undefined })}
              onChange={(ds) => setSettings({ ...settings, tempoUid: ds.uid })}
            />
          </div>
        </Field>
      </FieldSet>
      <FieldSet label="Thresholds" className={s.marginTop}>
        {thresholdField(
          'Hot key (accesses/min, server estimate or client measured)',
          'hotKeyRateThreshold',
          testIds.appConfig.rateThreshold
        )}
        {thresholdField('Replica lag (seconds)', 'replicaLagThreshold', testIds.appConfig.lagThreshold)}
        <Field label="Alert rule filter" description="Case-insensitive regex on rule, group or file name">
          <Input
            width={40}
            data-testid={testIds.appConfig.ruleFilter}
            value={settings.alertRuleFilter}
            onChange={(e) => setSettings({ ...settings, alertRuleFilter: e.currentTarget.value })}
          />
        </Field>
      </FieldSet>
      {error && <Alert title="Could not save">{error}</Alert>}
      {saved && <Alert severity="success" title="Saved: reload the app pages to use the new settings" />}
      <Button type="submit" data-testid={testIds.appConfig.submit} disabled={invalid} className={s.marginTop}>
        Save settings
      </Button>
    </form>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  marginTop: css({ marginTop: theme.spacing(3) }),
});

async function updatePlugin(pluginId: string, data: Partial<PluginMeta<AppSettings>>) {
  const response = getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data });
  return lastValueFrom(response);
}
