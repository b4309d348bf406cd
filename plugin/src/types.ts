/** The app's settings, saved in its jsonData by the Config page. */
export interface AppSettings {
  prometheusUid?: string;
  tempoUid?: string;
  /**
   * Accesses/min above which a hot key is marked, whichever source saw it. Provisioned from the bundle parameter
   * `hotKeyAccessesPerMinute`, the RedisHotKey alert's threshold (default 1,000, what the old platform alerted on).
   */
  hotKeyRateThreshold?: number;
  /**
   * Forecast time to the memory limit (s) under which the Memory page marks an instance. Provisioned from the bundle
   * parameter `memoryFullInSeconds`, the RedisMemoryFullIn alert's threshold (default 4 h).
   */
  memoryFullInSeconds?: number;
  /** Replication lag (s) above which a replica is marked. */
  replicaLagThreshold?: number;
  /** Case-insensitive regex selecting redis-lens rules by rule, group or file name. */
  alertRuleFilter?: string;
}

export const DEFAULT_SETTINGS: Required<Omit<AppSettings, 'prometheusUid' | 'tempoUid'>> = {
  hotKeyRateThreshold: 1000,
  memoryFullInSeconds: 4 * 3600,
  replicaLagThreshold: 5,
  alertRuleFilter: 'redis',
};

export function withDefaults(settings: AppSettings | undefined): AppSettings & typeof DEFAULT_SETTINGS {
  const s = settings ?? {};
  return {
    ...s,
    hotKeyRateThreshold: s.hotKeyRateThreshold ?? DEFAULT_SETTINGS.hotKeyRateThreshold,
    memoryFullInSeconds: s.memoryFullInSeconds ?? DEFAULT_SETTINGS.memoryFullInSeconds,
    replicaLagThreshold: s.replicaLagThreshold ?? DEFAULT_SETTINGS.replicaLagThreshold,
    alertRuleFilter: s.alertRuleFilter ?? DEFAULT_SETTINGS.alertRuleFilter,
  };
}
