import { label, lastValue, Series } from './series';

export type HotKeySource = 'server' | 'client';

export interface HotKeyRow {
  /** As exported: `pattern#hash` when redacted, the raw key only when the operator allowed it. */
  key: string;
  pattern: string;
  instance: string;
  db: string;
  source: HotKeySource;
  /** LFU log counter (server) or accesses per minute (client). */
  value: number;
  trend: number[];
  overThreshold: boolean;
}

export interface HotKeyThresholds {
  /** accesses/min for `redislens_hotkey_rate`. */
  clientRatePerMinute: number;
  /** `OBJECT FREQ` value for `redis_hotkey_lfu_frequency` (logarithmic, saturates at 255). */
  serverLfu: number;
}

export interface HotKeyFilter {
  instance?: string;
  pattern?: string;
}

const identity = (s: Series) => [label(s, 'instance'), label(s, 'db'), label(s, 'key')].join('\u0000');

function rowsFor(current: Series[], history: Series[], source: HotKeySource, threshold: number): HotKeyRow[] {
  const trends = new Map(history.map((s) => [identity(s), s.points.map(([, v]) => v)]));
  return current
    .filter((s) => label(s, 'key') !== '' && lastValue(s) !== undefined)
    .map((s) => {
      const value = lastValue(s) ?? 0;
      return {
        key: label(s, 'key'),
        pattern: label(s, 'pattern'),
        instance: label(s, 'instance'),
        db: label(s, 'db'),
        source,
        value,
        trend: trends.get(identity(s)) ?? [],
        overThreshold: value >= threshold,
      };
    });
}

export interface HotKeyInput {
  serverLfu: Series[];
  serverLfuHistory: Series[];
  clientRate: Series[];
  clientRateHistory: Series[];
}

/** Both sources in one ranking: over-threshold keys first, then by value within each source's own scale. */
export function buildHotKeys(input: HotKeyInput, thresholds: HotKeyThresholds, filter: HotKeyFilter = {}): HotKeyRow[] {
  const rows = [
    ...rowsFor(input.serverLfu, input.serverLfuHistory, 'server', thresholds.serverLfu),
    ...rowsFor(input.clientRate, input.clientRateHistory, 'client', thresholds.clientRatePerMinute),
  ];
  const pattern = filter.pattern?.trim().toLowerCase();
  return rows
    .filter((r) => !filter.instance || r.instance === filter.instance)
    .filter((r) => !pattern || r.pattern.toLowerCase().includes(pattern) || r.key.toLowerCase().includes(pattern))
    .sort(
      (a, b) => Number(b.overThreshold) - Number(a.overThreshold) || relative(b, thresholds) - relative(a, thresholds)
    );
}

function relative(row: HotKeyRow, thresholds: HotKeyThresholds): number {
  const threshold = row.source === 'server' ? thresholds.serverLfu : thresholds.clientRatePerMinute;
  return threshold > 0 ? row.value / threshold : row.value;
}

/** Splits panel series by metric name (`__name__`) or an explicit `source` label into the two sources. */
export function hotKeysFromSeries(series: Series[], thresholds: HotKeyThresholds): HotKeyRow[] {
  const isClient = (s: Series) => label(s, 'source') === 'client' || label(s, '__name__') === 'redislens_hotkey_rate';
  const client = series.filter(isClient);
  const server = series.filter((s) => !isClient(s));
  return buildHotKeys(
    { serverLfu: server, serverLfuHistory: server, clientRate: client, clientRateHistory: client },
    thresholds
  );
}
