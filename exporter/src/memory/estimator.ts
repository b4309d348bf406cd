/**
 * Memory by key group, estimated from a sample of keys.
 *
 * The sample: the keys one sampling window read, in SCAN order. SCAN walks the hash table bucket by bucket and a key's
 * bucket is a keyed hash (SipHash) of its name, so any stretch of a SCAN pass is a uniform random sample of the keys,
 * drawn without replacement, whatever the names look like. Every scanned key gets `MEMORY USAGE`; a systematic 1-in-k
 * subsample of them (the "detail" sample) also gets `TYPE`, `PTTL` and an element count.
 *
 * The estimator: for a group g and a per-key value y (bytes, or 1 to count keys; 0 for keys outside g), the
 * expansion estimator of the domain total under simple random sampling without replacement,
 *   Ŷ = N · ȳ,  Var(Ŷ) = N² · (1 − n/N) · s²/n,  s² the sample variance of y over all n sampled keys,
 * with N the keys in the db (INFO keyspace) and a normal 95 % interval Ŷ ± 1.96·√Var. The finite-population correction
 * makes the band shrink to 0 when a window read the whole db. Coverage on synthetic data with known truth is tested in
 * estimator.test.ts.
 */

export const TTL_BUCKETS = ['none', 'lt_1h', '1h_to_24h', '1d_to_7d', 'gt_7d'] as const;
export type TtlBucket = (typeof TTL_BUCKETS)[number];
export const ELEMENT_QUANTILES = [0.5, 0.9, 0.99, 1] as const;
const Z95 = 1.96;
const HOUR = 3_600_000;
/** Element counts kept per group and type for the percentiles (a uniform reservoir beyond that). */
const RESERVOIR = 512;
const BIGGEST_PER_GROUP = 3;

/** Bucket of a `PTTL` reply: -1 no TTL, ≥ 0 remaining ms; undefined for -2 (the key is gone). */
export function ttlBucket(pttlMs: number): TtlBucket | undefined {
  if (pttlMs === -1) return 'none';
  if (!(pttlMs >= 0)) return undefined;
  if (pttlMs < HOUR) return 'lt_1h';
  if (pttlMs < 24 * HOUR) return '1h_to_24h';
  if (pttlMs <= 7 * 24 * HOUR) return '1d_to_7d';
  return 'gt_7d';
}

/** One scanned key, as the sampler measured it. `detail` only on the detail subsample. */
export interface KeySample<K = unknown> {
  group: string;
  bytes: number;
  /** What the biggest-keys list keeps to render later (the key itself; rendered only through the redaction module). */
  key: K;
  detail?: { ttlMs: number; type: string; elements?: number };
}

interface GroupStats<K> {
  n: number;
  bytes: number;
  bytesSq: number;
  /** Detail subsample: keys and bytes per TTL bucket. */
  detailN: number;
  ttlBytes: Record<TtlBucket, number>;
  elements: Map<string, { seen: number; values: number[] }>;
  biggest: { key: K; bytes: number }[];
}

export interface Estimate {
  value: number;
  /** 95 % confidence half-width. */
  error: number;
}

export interface GroupEstimate<K> {
  group: string;
  keys: Estimate;
  bytes: Estimate;
  ttlBytes: Record<TtlBucket, number>;
  /** type → quantile → element count, among the sampled keys of that type. */
  elements: Map<string, Map<number, number>>;
  biggest: { key: K; bytes: number }[];
}

export interface WindowEstimate<K> {
  groups: GroupEstimate<K>[];
  /** Distinct groups the window saw (before folding into `overflow`). */
  distinctGroups: number;
  sampledKeys: number;
  /** Sampled keys ÷ keys in the db, at most 1. */
  coverage: number;
}

export const OVERFLOW_GROUP = 'overflow';

/** Random source for the reservoir; replaceable in tests. */
export type Random = () => number;

/**
 * The samples of one db in one window. Memory is bounded: at most `trackedGroups` groups (later new groups go to
 * `overflow` directly), a fixed reservoir of element counts and the top 3 keys per group.
 */
export class SampleWindow<K = unknown> {
  n = 0;
  detailN = 0;
  private readonly groups = new Map<string, GroupStats<K>>();
  private overflowed = new Set<string>();

  constructor(
    private readonly trackedGroups: number,
    private readonly random: Random = Math.random,
  ) {}

  add(sample: KeySample<K>): void {
    if (!(sample.bytes >= 0) || !Number.isFinite(sample.bytes)) return;
    let name = sample.group;
    let stats = this.groups.get(name);
    if (!stats) {
      if (this.groups.size >= this.trackedGroups && name !== OVERFLOW_GROUP) {
        if (this.overflowed.size < this.trackedGroups * 10) this.overflowed.add(name);
        name = OVERFLOW_GROUP;
        stats = this.groups.get(name);
      }
      if (!stats) {
        stats = emptyStats<K>();
        this.groups.set(name, stats);
      }
    }
    this.n++;
    stats.n++;
    stats.bytes += sample.bytes;
    stats.bytesSq += sample.bytes * sample.bytes;
    offerBiggest(stats.biggest, sample.key, sample.bytes);
    const detail = sample.detail;
    if (!detail) return;
    const bucket = ttlBucket(detail.ttlMs);
    if (!bucket) return;
    this.detailN++;
    stats.detailN++;
    stats.ttlBytes[bucket] += sample.bytes;
    if (detail.elements !== undefined && detail.elements >= 0) {
      let r = stats.elements.get(detail.type);
      if (!r) {
        r = { seen: 0, values: [] };
        stats.elements.set(detail.type, r);
      }
      r.seen++;
      if (r.values.length < RESERVOIR) r.values.push(detail.elements);
      else {
        const j = Math.floor(this.random() * r.seen);
        if (j < RESERVOIR) r.values[j] = detail.elements;
      }
    }
  }

  /**
   * Scales the window to `dbKeys` keys. Groups beyond `maxGroups` (smallest by bytes, as redis_exporter orders them)
   * are folded into `overflow`.
   */
  estimate(dbKeys: number, maxGroups: number, minKeys = 0): WindowEstimate<K> {
    const n = this.n;
    const N = Math.max(dbKeys, n);
    // A group name seen on fewer than minKeys sampled keys is not shown (the redaction rule, for Lua captures).
    const ordered = [...this.groups]
      .map(([name, s]): [string, GroupStats<K>] => [s.n < minKeys ? OVERFLOW_GROUP : name, s])
      .sort(([a, x], [b, y]) => y.bytes - x.bytes || x.n - y.n || (a < b ? -1 : a > b ? 1 : 0));
    const kept = ordered.filter(([name]) => name !== OVERFLOW_GROUP).slice(0, maxGroups);
    const keptNames = new Set(kept.map(([name]) => name));
    const folded = ordered.filter(([name]) => !keptNames.has(name));
    const out: [string, GroupStats<K>][] = [...kept];
    if (folded.length) out.push([OVERFLOW_GROUP, folded.map(([, s]) => s).reduce(mergeStats, emptyStats<K>())]);
    const distinct = this.groups.size - (this.groups.has(OVERFLOW_GROUP) ? 1 : 0) + this.overflowed.size;
    return {
      groups: out.map(([group, s]) => this.groupEstimate(group, s, N)),
      distinctGroups: distinct,
      sampledKeys: n,
      coverage: N > 0 ? Math.min(1, n / N) : 1,
    };
  }

  private groupEstimate(group: string, s: GroupStats<K>, N: number): GroupEstimate<K> {
    const n = this.n;
    const ttlScale = this.detailN > 0 ? N / this.detailN : 0;
    const ttlBytes = Object.fromEntries(TTL_BUCKETS.map((b) => [b, s.ttlBytes[b] * ttlScale])) as Record<
      TtlBucket,
      number
    >;
    const elements = new Map<string, Map<number, number>>();
    for (const [type, r] of s.elements) elements.set(type, quantiles(r.values));
    return {
      group,
      keys: domainTotal(s.n, s.n, n, N),
      bytes: domainTotal(s.bytes, s.bytesSq, n, N),
      ttlBytes,
      elements,
      biggest: [...s.biggest],
    };
  }
}

/** Expansion estimate of a domain total from Σy and Σy² over n SRS draws of N, with its 95 % half-width. */
export function domainTotal(sum: number, sumSq: number, n: number, N: number): Estimate {
  if (n <= 0) return { value: 0, error: 0 };
  const value = (N * sum) / n;
  if (n < 2) return { value, error: value };
  const variance = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
  const fpc = Math.max(0, 1 - n / N);
  return { value, error: Z95 * N * Math.sqrt((fpc * variance) / n) };
}

/** Nearest-rank quantiles of the kept element counts. */
export function quantiles(values: readonly number[]): Map<number, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const out = new Map<number, number>();
  if (!sorted.length) return out;
  for (const q of ELEMENT_QUANTILES) {
    out.set(q, sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);
  }
  return out;
}

function emptyStats<K>(): GroupStats<K> {
  return {
    n: 0,
    bytes: 0,
    bytesSq: 0,
    detailN: 0,
    ttlBytes: { none: 0, lt_1h: 0, '1h_to_24h': 0, '1d_to_7d': 0, gt_7d: 0 },
    elements: new Map(),
    biggest: [],
  };
}

/** Groups are disjoint, so Σy and Σy² of their union are the sums of theirs. */
function mergeStats<K>(a: GroupStats<K>, b: GroupStats<K>): GroupStats<K> {
  const out = emptyStats<K>();
  out.n = a.n + b.n;
  out.bytes = a.bytes + b.bytes;
  out.bytesSq = a.bytesSq + b.bytesSq;
  out.detailN = a.detailN + b.detailN;
  for (const t of TTL_BUCKETS) out.ttlBytes[t] = a.ttlBytes[t] + b.ttlBytes[t];
  for (const src of [a, b]) {
    for (const [type, r] of src.elements) {
      const into = out.elements.get(type) ?? { seen: 0, values: [] };
      into.seen += r.seen;
      into.values = into.values.concat(r.values).slice(0, RESERVOIR);
      out.elements.set(type, into);
    }
    for (const big of src.biggest) offerBiggest(out.biggest, big.key, big.bytes);
  }
  return out;
}

function offerBiggest<K>(list: { key: K; bytes: number }[], key: K, bytes: number): void {
  if (list.length === BIGGEST_PER_GROUP && bytes <= list[list.length - 1].bytes) return;
  list.push({ key, bytes });
  list.sort((x, y) => y.bytes - x.bytes);
  if (list.length > BIGGEST_PER_GROUP) list.pop();
}
