/** The app's settings, saved in its jsonData by the Config page. */
export interface AppSettings {
  prometheusUid?: string;
  tempoUid?: string;
  /** accesses/min above which a client-side hot key is marked (the old platform alerted at 1,000). */
  hotKeyRateThreshold?: number;
  /** OBJECT FREQ value above which a server-side (LFU) hot key is marked. */
  hotKeyLfuThreshold?: number;
  /** Replication lag (s) above which a replica is marked. */
  replicaLagThreshold?: number;
  /** Case-insensitive regex selecting redis-lens rules by rule, group or file name. */
  alertRuleFilter?: string;
}

export const DEFAULT_SETTINGS: Required<Omit<AppSettings, 'prometheusUid' | 'tempoUid'>> = {
  hotKeyRateThreshold: 1000,
  hotKeyLfuThreshold: 100,
  replicaLagThreshold: 5,
  alertRuleFilter: 'redis',
};

export function withDefaults(settings: AppSettings | undefined): AppSettings & typeof DEFAULT_SETTINGS {
  const s = settings ?? {};
  return {
    ...s,
    hotKeyRateThreshold: s.hotKeyRateThreshold ?? DEFAULT_SETTINGS.hotKeyRateThreshold,
    hotKeyLfuThreshold: s.hotKeyLfuThreshold ?? DEFAULT_SETTINGS.hotKeyLfuThreshold,
    replicaLagThreshold: s.replicaLagThreshold ?? DEFAULT_SETTINGS.replicaLagThreshold,
    alertRuleFilter: s.alertRuleFilter ?? DEFAULT_SETTINGS.alertRuleFilter,
  };
}
