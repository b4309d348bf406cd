import { label, lastValue, Series } from './series';

/**
 * Where the memory goes, from the exporter's key-group sampler (docs/metrics.md "Memory by key pattern"): per key
 * pattern the estimated bytes and keys with their 95 % error, the TTL mix, growth and the biggest keys, and per
 * instance the forecast time to the memory limit. Pure shaping: the loaders fetch, the components render.
 */

/** `ttl` label values of `redis_key_group_memory_by_ttl_bytes`, shortest-lived last so "none" leads. */
export const TTL_BUCKETS = ['none', 'gt_7d', '1d_to_7d', '1h_to_24h', 'lt_1h'] as const;
export type TtlBucket = (typeof TTL_BUCKETS)[number];
export const TTL_TEXT: Record<TtlBucket, string> = {
  none: 'no TTL',
  gt_7d: '> 7 d',
  '1d_to_7d': '1–7 d',
  '1h_to_24h': '1–24 h',
  lt_1h: '< 1 h',
};

export interface BiggestKey {
  /** As exported: `pattern#hash` (never anything else is shown). */
  key: string;
  bytes: number;
}

export interface PatternRow {
  instance: string;
  keyGroup: string;
  bytes: number;
  /** 95 % half-width of `bytes`; undefined when the exporter sent none. */
  bytesError?: number;
  keys?: number;
  keysError?: number;
  /** Bytes by remaining TTL; buckets the exporter did not send are absent. */
  ttl: Partial<Record<TtlBucket, number>>;
  /** Estimated bytes over the page's window (sum across dbs and shards), for the sparkline. */
  trend: number[];
  /** Last minus first estimate in the window; undefined with fewer than two points. */
  growth?: number;
  biggest: BiggestKey[];
}

export interface Forecast {
  instance: string;
  /** Seconds until used memory reaches the limit; Infinity when not growing. */
  timeToFullSeconds?: number;
  growthBytesPerSecond?: number;
  limitBytes?: number;
  /** `maxmemory`, `cgroup` or `system`. */
  limitSource?: string;
  usedBytes?: number;
  /** `maxmemory_policy` from redis_instance_info. */
  policy?: string;
  /** Used memory over the window, for the sparkline. */
  usedTrend: number[];
}

export interface Coverage {
  instance: string;
  db: string;
  /** Share of the keyspace the current sampling window read (0–1). */
  ratio: number;
  sampledKeys?: number;
}

export interface ShardBalance {
  instance: string;
  shard: string;
  bytes: number;
  bytesError?: number;
  /** bytes / the median shard of the same instance (1 = balanced). */
  ratioToMedian?: number;
}

export interface MemoryInput {
  /** redis_key_group_memory_usage_bytes (instant) */
  bytes: Series[];
  bytesError: Series[];
  keys: Series[];
  keysError: Series[];
  /** redis_key_group_memory_by_ttl_bytes */
  byTtl: Series[];
  /** redis_key_group_biggest_key_bytes */
  biggest: Series[];
  /** redis_key_groups_sample_coverage_ratio */
  coverage: Series[];
  /** redis_key_groups_sampled_keys */
  sampledKeys: Series[];
  /** `sum by (instance, key_group) (redis_key_group_memory_usage_bytes)` over the window */
  bytesHistory: Series[];
  timeToFull: Series[];
  growth: Series[];
  /** redis_memory_limit_bytes{source} */
  limit: Series[];
  /** redis_memory_used_bytes over the window (the last point is the current value) */
  usedHistory: Series[];
  /** redis_instance_info (for maxmemory_policy) */
  info: Series[];
}

export interface MemoryModel {
  /** Largest first. */
  patterns: PatternRow[];
  forecasts: Forecast[];
  coverage: Coverage[];
  /** Only for clusters (series with a `shard` label); largest first. */
  shards: ShardBalance[];
}

/** Independent estimates (other dbs, other shards) add their 95 % half-widths in quadrature. */
export const combineErrors = (errors: number[]): number => Math.sqrt(errors.reduce((sum, e) => sum + e * e, 0));

const patternId = (s: Series) => `${label(s, 'instance')}\u0000${label(s, 'key_group')}`;

/** Sums the latest finite values per `idOf`; 95 % half-widths (`isError`) add in quadrature instead. */
function sumBy(series: Series[], idOf: (s: Series) => string | undefined, isError = false): Map<string, number> {
  const parts = new Map<string, number[]>();
  for (const s of series) {
    const value = lastValue(s);
    const id = idOf(s);
    if (value === undefined || !Number.isFinite(value) || id === undefined) {
      continue;
    }
    parts.set(id, [...(parts.get(id) ?? []), value]);
  }
  return new Map(
    [...parts].map(([id, values]) => [id, isError ? combineErrors(values) : values.reduce((a, b) => a + b, 0)])
  );
}

/** Per (instance, key_group), over dbs and shards. */
const sumByPattern = (series: Series[], isError = false) =>
  sumBy(series, (s) => (label(s, 'key_group') === '' ? undefined : patternId(s)), isError);

function ttlMix(series: Series[]): Map<string, Partial<Record<TtlBucket, number>>> {
  const out = new Map<string, Partial<Record<TtlBucket, number>>>();
  for (const s of series) {
    const bucket = label(s, 'ttl') as TtlBucket;
    const value = lastValue(s);
    if (!TTL_BUCKETS.includes(bucket) || value === undefined || !Number.isFinite(value)) {
      continue;
    }
    const mix = out.get(patternId(s)) ?? {};
    mix[bucket] = (mix[bucket] ?? 0) + value;
    out.set(patternId(s), mix);
  }
  return out;
}

/** The exporter keeps the top 3 per group and db/shard; the page keeps the top 3 per pattern. */
function biggestKeys(series: Series[], perPattern = 3): Map<string, BiggestKey[]> {
  const out = new Map<string, BiggestKey[]>();
  for (const s of series) {
    const value = lastValue(s);
    if (value === undefined || !Number.isFinite(value) || label(s, 'key') === '') {
      continue;
    }
    out.set(patternId(s), [...(out.get(patternId(s)) ?? []), { key: label(s, 'key'), bytes: value }]);
  }
  for (const [id, keys] of out) {
    out.set(id, keys.sort((a, b) => b.bytes - a.bytes).slice(0, perPattern));
  }
  return out;
}

function buildPatterns(input: MemoryInput): PatternRow[] {
  const bytes = sumByPattern(input.bytes);
  const bytesError = sumByPattern(input.bytesError, true);
  const keys = sumByPattern(input.keys);
  const keysError = sumByPattern(input.keysError, true);
  const ttl = ttlMix(input.byTtl);
  const biggest = biggestKeys(input.biggest);
  const history = new Map(input.bytesHistory.map((s) => [patternId(s), s.points.map(([, v]) => v)]));
  const rows: PatternRow[] = [];
  for (const [id, total] of bytes) {
    const [instance, keyGroup] = id.split('\u0000');
    const trend = (history.get(id) ?? []).filter(Number.isFinite);
    rows.push({
      instance,
      keyGroup,
      bytes: total,
      bytesError: bytesError.get(id),
      keys: keys.get(id),
      keysError: keysError.get(id),
      ttl: ttl.get(id) ?? {},
      trend,
      growth: trend.length >= 2 ? trend[trend.length - 1] - trend[0] : undefined,
      biggest: biggest.get(id) ?? [],
    });
  }
  return rows.sort((a, b) => b.bytes - a.bytes || a.keyGroup.localeCompare(b.keyGroup));
}

const byInstance = (series: Series[]) => {
  const out = new Map<string, Series>();
  for (const s of series) {
    if (!out.has(label(s, 'instance'))) {
      out.set(label(s, 'instance'), s);
    }
  }
  return out;
};

function buildForecasts(input: MemoryInput): Forecast[] {
  const ttf = byInstance(input.timeToFull);
  const growth = byInstance(input.growth);
  const used = byInstance(input.usedHistory);
  const policy = byInstance(input.info.filter((s) => label(s, 'maxmemory_policy') !== ''));
  // One limit per instance; several sources would be an exporter change: keep the smallest, it binds first.
  const limits = new Map<string, Series>();
  for (const s of input.limit) {
    const current = limits.get(label(s, 'instance'));
    if (!current || (lastValue(s) ?? Infinity) < (lastValue(current) ?? Infinity)) {
      limits.set(label(s, 'instance'), s);
    }
  }
  const instances = new Set([...ttf.keys(), ...limits.keys()]);
  return [...instances]
    .map((instance): Forecast => {
      const ttfSeries = ttf.get(instance);
      const limit = limits.get(instance);
      const usedSeries = used.get(instance);
      return {
        instance,
        // A series without a finite point was +Inf or NaN: memory is not growing.
        timeToFullSeconds: ttfSeries ? (lastValue(ttfSeries) ?? Infinity) : undefined,
        growthBytesPerSecond: growth.get(instance) ? lastValue(growth.get(instance)!) : undefined,
        limitBytes: limit ? lastValue(limit) : undefined,
        limitSource: limit ? label(limit, 'source') || undefined : undefined,
        usedBytes: usedSeries ? lastValue(usedSeries) : undefined,
        policy: policy.get(instance) ? label(policy.get(instance)!, 'maxmemory_policy') : undefined,
        usedTrend: (usedSeries?.points ?? []).map(([, v]) => v),
      };
    })
    .sort(
      (a, b) =>
        (a.timeToFullSeconds ?? Infinity) - (b.timeToFullSeconds ?? Infinity) || a.instance.localeCompare(b.instance)
    );
}

function buildCoverage(input: MemoryInput): Coverage[] {
  const key = (s: Series) => `${label(s, 'instance')}\u0000${label(s, 'db')}`;
  const sampled = new Map(input.sampledKeys.map((s) => [key(s), lastValue(s)]));
  return input.coverage
    .filter((s) => lastValue(s) !== undefined)
    .map((s) => ({
      instance: label(s, 'instance'),
      db: label(s, 'db'),
      ratio: lastValue(s)!,
      sampledKeys: sampled.get(key(s)),
    }))
    .sort((a, b) => a.instance.localeCompare(b.instance) || a.db.localeCompare(b.db));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Per-shard sampled memory of each cluster (instance = the cluster-mode exporter), against its median shard. */
function buildShards(input: MemoryInput): ShardBalance[] {
  const shardId = (s: Series) =>
    label(s, 'shard') === '' ? undefined : `${label(s, 'instance')}\u0000${label(s, 'shard')}`;
  const bytes = sumBy(input.bytes, shardId);
  const errors = sumBy(input.bytesError, shardId, true);
  const rows = [...bytes].map(([k, b]) => {
    const [instance, shard] = k.split('\u0000');
    return { instance, shard, bytes: b, bytesError: errors.get(k) } as ShardBalance;
  });
  for (const instance of new Set(rows.map((r) => r.instance))) {
    const mine = rows.filter((r) => r.instance === instance);
    const m = median(mine.map((r) => r.bytes));
    mine.forEach((r) => (r.ratioToMedian = m > 0 ? r.bytes / m : undefined));
  }
  return rows.sort((a, b) => a.instance.localeCompare(b.instance) || b.bytes - a.bytes);
}

export function buildMemory(input: MemoryInput): MemoryModel {
  return {
    patterns: buildPatterns(input),
    forecasts: buildForecasts(input),
    coverage: buildCoverage(input),
    shards: buildShards(input),
  };
}

/** The patterns whose memory grew most over the window (what the RedisMemoryFullIn runbook asks first). */
export function topGrowers(patterns: PatternRow[], n = 5): PatternRow[] {
  return patterns
    .filter((p) => p.growth !== undefined && p.growth > 0)
    .sort((a, b) => b.growth! - a.growth!)
    .slice(0, n);
}

/** A value with its 95 % band as the page prints it: `12.3 MiB ± 0.8 MiB (± 7 %)`. */
export function withBand(value: number, error: number | undefined, format: (v: number) => string): string {
  if (error === undefined || !Number.isFinite(error)) {
    return format(value);
  }
  const relative = value > 0 ? ` (± ${Math.round((error / value) * 100)} %)` : '';
  return `${format(value)} ± ${format(error)}${relative}`;
}

/** Time to full in words: `3 h 20 min`, `not growing` for Infinity, `full` at 0. */
export function durationText(seconds: number | undefined): string {
  if (seconds === undefined || Number.isNaN(seconds)) {
    return 'no forecast';
  }
  if (!Number.isFinite(seconds)) {
    return seconds > 0 ? 'not growing' : 'no forecast';
  }
  if (seconds <= 0) {
    return 'at the limit';
  }
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) {
    return `${days} d ${hours} h`;
  }
  if (hours > 0) {
    return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  return minutes > 0 ? `${minutes} min` : `${Math.round(seconds)} s`;
}

/** Shares of each TTL bucket in a pattern's mix (0–1), in TTL_BUCKETS order, zero-size buckets left out. */
export function ttlShares(mix: Partial<Record<TtlBucket, number>>): Array<{ bucket: TtlBucket; share: number }> {
  const total = TTL_BUCKETS.reduce((sum, b) => sum + (mix[b] ?? 0), 0);
  if (total <= 0) {
    return [];
  }
  return TTL_BUCKETS.filter((b) => (mix[b] ?? 0) > 0).map((bucket) => ({ bucket, share: mix[bucket]! / total }));
}

/** The exporter writes `db0` on these families (as redis_exporter does); a bare index reads as `db3` too. */
export const dbName = (db: string): string => (db.startsWith('db') ? db : `db${db}`);

/** One line on how much the estimates rest on: the least-covered db's share of the keyspace read. */
export function coverageSummary(coverage: Coverage[]): string {
  if (!coverage.length) {
    return 'Sample coverage unknown (no redis_key_groups_sample_coverage_ratio).';
  }
  const least = coverage.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const share = `${Math.round(least.ratio * 1000) / 10} %`;
  return coverage.length === 1
    ? `Estimated from a sample covering ${share} of the keyspace; bands are 95 % confidence.`
    : `Estimated from samples covering at least ${share} of each keyspace (${coverage.length} dbs); bands are 95 % confidence.`;
}
