import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

export enum ROUTES {
  Overview = 'overview',
  HotKeys = 'hotkeys',
  Memory = 'memory',
  Failover = 'failover',
  Alerts = 'alerts',
  Runbooks = 'runbooks',
  Topology = 'topology',
}
