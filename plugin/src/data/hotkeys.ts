import { label, lastValue, Series } from './series';

/**
 * One hot-key model for every view: keys ranked by accesses per minute against one threshold, whichever source saw
 * them — the exporter's estimate from the LFU counter or the application's exact count — with how far to trust it.
 */
export type HotKeySource = 'server_estimate' | 'client_measured';

export interface HotKeyRow {
  /** As exported: `pattern#hash` when redacted, the raw key only when the operator allowed it. */
  key: string;
  pattern: string;
  instance: string;
  db: string;
  source: HotKeySource;
  /** Accesses per minute; undefined for a server key read only once so far (no estimate yet). */
  perMinute?: number;
  /** server_estimate: relative standard error (0.2 = ±20 %; 1 = lower bound or no information). */
  errorRatio?: number;
  /** client_measured: share of the window the exact count spans (0 = the sketch's estimate). */
  coverage?: number;
  /** The raw LFU counter (`OBJECT FREQ`, server keys), as context. */
  lfu?: number;
  trend: number[];
  overThreshold: boolean;
}

export interface HotKeyFilter {
  instance?: string;
  pattern?: string;
}

export interface HotKeyInput {
  /** `redis_hotkey_accesses_per_minute` */
  serverRate: Series[];
  /** `redis_hotkey_accesses_per_minute_error_ratio` */
  serverError: Series[];
  /** `redis_hotkey_lfu_frequency` */
  serverLfu: Series[];
  /** `redislens_hotkey_rate` */
  clientRate: Series[];
  /** `redislens_hotkey_rate_coverage` */
  clientCoverage: Series[];
  /** Range of both rate metrics, for the trend. */
  rateHistory: Series[];
}

export const SERVER_RATE = 'redis_hotkey_accesses_per_minute';
export const CLIENT_RATE = 'redislens_hotkey_rate';

/** The source of a rate series: its `source` label, else its metric name (libraries before `client_measured`). */
function sourceOf(s: Series): HotKeySource {
  const source = label(s, 'source');
  if (source === 'server_estimate' || source === 'client_measured') {
    return source;
  }
  return label(s, '__name__').startsWith('redis_hotkey') ? 'server_estimate' : 'client_measured';
}

const identity = (s: Series, source: HotKeySource) =>
  [source, label(s, 'instance'), label(s, 'db'), label(s, 'key')].join('\u0000');

function valuesByIdentity(series: Series[], source: HotKeySource): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of series) {
    const value = lastValue(s);
    if (value !== undefined) {
      out.set(identity(s, source), value);
    }
  }
  return out;
}

function rowOf(s: Series, source: HotKeySource, threshold: number, perMinute: number | undefined): HotKeyRow {
  return {
    key: label(s, 'key'),
    pattern: label(s, 'pattern'),
    instance: label(s, 'instance'),
    db: label(s, 'db'),
    source,
    perMinute,
    trend: [],
    overThreshold: perMinute !== undefined && perMinute > threshold,
  };
}

/** Rows of both sources, hottest first by accesses/min; server keys without an estimate yet last, by LFU counter. */
export function buildHotKeys(input: HotKeyInput, thresholdPerMinute: number, filter: HotKeyFilter = {}): HotKeyRow[] {
  const rows = new Map<string, HotKeyRow>();
  const withKey = (series: Series[]) => series.filter((s) => label(s, 'key') !== '' && lastValue(s) !== undefined);
  for (const s of withKey([...input.serverRate, ...input.clientRate])) {
    const source = sourceOf(s);
    rows.set(identity(s, source), rowOf(s, source, thresholdPerMinute, lastValue(s)));
  }
  const lfu = valuesByIdentity(input.serverLfu, 'server_estimate');
  for (const s of withKey(input.serverLfu)) {
    const id = identity(s, 'server_estimate');
    if (!rows.has(id)) {
      rows.set(id, rowOf(s, 'server_estimate', thresholdPerMinute, undefined));
    }
  }
  const errors = valuesByIdentity(input.serverError, 'server_estimate');
  const coverage = valuesByIdentity(input.clientCoverage, 'client_measured');
  const trends = new Map(input.rateHistory.map((s) => [identity(s, sourceOf(s)), s.points.map(([, v]) => v)]));
  for (const [id, row] of rows) {
    row.trend = trends.get(id) ?? [];
    if (row.source === 'server_estimate') {
      row.errorRatio = errors.get(id);
      row.lfu = lfu.get(id);
    } else {
      row.coverage = coverage.get(id);
    }
  }
  const pattern = filter.pattern?.trim().toLowerCase();
  return [...rows.values()]
    .filter((r) => !filter.instance || r.instance === filter.instance)
    .filter((r) => !pattern || r.pattern.toLowerCase().includes(pattern) || r.key.toLowerCase().includes(pattern))
    .sort((a, b) => (b.perMinute ?? -1) - (a.perMinute ?? -1) || (b.lfu ?? 0) - (a.lfu ?? 0));
}

/** How far to trust a row's rate, in words an operator reads at a glance. */
export function confidenceText(row: HotKeyRow): string {
  if (row.source === 'server_estimate') {
    if (row.perMinute === undefined) {
      return row.lfu === undefined ? 'no estimate yet' : `no estimate yet (LFU ${row.lfu})`;
    }
    if (row.errorRatio === undefined) {
      return 'estimate';
    }
    if (row.errorRatio >= 1) {
      // Error ratio 1: a saturated counter (the rate is a floor) or one that did not move (idle, or too few accesses).
      return row.perMinute > 0 ? 'lower bound' : 'counter unchanged';
    }
    return `±${Math.round(row.errorRatio * 100)} %`;
  }
  if (row.coverage === undefined) {
    return 'measured';
  }
  if (row.coverage <= 0) {
    return 'sketch estimate';
  }
  return row.coverage >= 0.995 ? 'exact' : `exact over ${Math.round(row.coverage * 100)} % of window`;
}

/**
 * Splits a panel's series by metric name into the model's inputs; a series without a name (an aggregation) is a
 * rate of the source its `source` label names, server side when it names none. `skipped`: series without a key.
 */
export function hotKeysFromSeries(
  series: Series[],
  thresholdPerMinute: number
): { rows: HotKeyRow[]; skipped: number } {
  const byName = (name: string) => series.filter((s) => label(s, '__name__') === name);
  const unnamed = series.filter((s) => label(s, '__name__') === '');
  const isClient = (s: Series) => ['client_measured', 'client'].includes(label(s, 'source'));
  const serverRate = [...byName(SERVER_RATE), ...unnamed.filter((s) => !isClient(s))];
  const clientRate = [...byName(CLIENT_RATE), ...unnamed.filter(isClient)];
  const skipped = series.filter((s) => label(s, 'key') === '' || lastValue(s) === undefined).length;
  const rows = buildHotKeys(
    {
      serverRate,
      serverError: byName(`${SERVER_RATE}_error_ratio`),
      serverLfu: byName('redis_hotkey_lfu_frequency'),
      clientRate,
      clientCoverage: byName(`${CLIENT_RATE}_coverage`),
      rateHistory: [...serverRate, ...clientRate],
    },
    thresholdPerMinute
  );
  return { rows, skipped };
}
