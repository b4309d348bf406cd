import { PanelPlugin } from '@grafana/data';
import { AlertsPanel, AlertsPanelOptions } from './AlertsPanel';

export const plugin = new PanelPlugin<AlertsPanelOptions>(AlertsPanel).setPanelOptions((builder) =>
  builder.addBooleanSwitch({ path: 'showPending', name: 'Show pending alerts', defaultValue: true })
);
