/** Every data-testid in the plugin, shared by unit tests and the browser test. */
export const testIds = {
  appConfig: {
    prometheus: 'data-testid rl-config-prometheus',
    tempo: 'data-testid rl-config-tempo',
    rateThreshold: 'data-testid rl-config-rate-threshold',
    lagThreshold: 'data-testid rl-config-lag-threshold',
    ruleFilter: 'data-testid rl-config-rule-filter',
    submit: 'data-testid rl-config-submit',
  },
  pages: {
    overview: 'data-testid rl-page-overview',
    hotKeys: 'data-testid rl-page-hotkeys',
    failover: 'data-testid rl-page-failover',
    alerts: 'data-testid rl-page-alerts',
  },
  instances: { table: 'data-testid rl-instances', row: 'data-testid rl-instance-row' },
  topology: {
    group: 'data-testid rl-topology-group',
    master: 'data-testid rl-topology-master',
    replica: 'data-testid rl-topology-replica',
    quorum: 'data-testid rl-topology-quorum',
  },
  timeline: { list: 'data-testid rl-failover-timeline', event: 'data-testid rl-failover-event' },
  hotKeys: {
    table: 'data-testid rl-hotkeys',
    row: 'data-testid rl-hotkey-row',
    instanceFilter: 'data-testid rl-hotkeys-instance',
    patternFilter: 'data-testid rl-hotkeys-pattern',
  },
  alerts: { table: 'data-testid rl-alerts', row: 'data-testid rl-alert-row' },
  state: { empty: 'data-testid rl-empty', error: 'data-testid rl-error', loading: 'data-testid rl-loading' },
};
