import { PanelPlugin } from '@grafana/data';
import { DEFAULT_SETTINGS } from '../../types';
import { HotKeysPanel, HotKeysPanelOptions } from './HotKeysPanel';

export const plugin = new PanelPlugin<HotKeysPanelOptions>(HotKeysPanel).setPanelOptions((builder) =>
  builder
    .addNumberInput({ path: 'limit', name: 'Rows', defaultValue: 20, settings: { min: 1, integer: true } })
    .addNumberInput({
      path: 'threshold',
      name: 'Hot key threshold (accesses/min)',
      defaultValue: DEFAULT_SETTINGS.hotKeyRateThreshold,
    })
    .addBooleanSwitch({ path: 'showTrend', name: 'Trend sparkline', defaultValue: true })
);
