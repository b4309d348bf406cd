import type { MetricFamily } from '../producer';
import { ELEMENT_QUANTILES, TTL_BUCKETS, type WindowEstimate } from './estimator';
import type { MemoryLimit } from './forecast';
import type { KeySizeBin, MemoryStats } from './server-sources';

export interface SourceState {
  available: boolean;
  reason: string;
}

export interface MemoryView {
  /** db → the estimate shown (the last complete window, else the running one) and its window's wall time. */
  estimates: Map<number, { estimate: WindowEstimate<string>; durationMs?: number }>;
  /** `CONFIG GET databases`, when allowed: every db gets a distinct-groups series, as in redis_exporter. */
  databases?: number;
  lastWindowMs?: number;
  sources: Map<string, SourceState>;
  used?: number;
  limit?: MemoryLimit;
  slope?: number;
  timeToFull?: number;
  memoryStats?: MemoryStats;
  keysizes?: KeySizeBin[];
  slotStats?: Map<string, number>;
}

type Series = MetricFamily['series'];
const gauge = (name: string, help: string, series: Series, keepInfinite?: boolean): MetricFamily => ({
  name,
  help,
  kind: 'gauge',
  series,
  ...(keepInfinite ? { keepInfinite } : {}),
});

/** The memory families of docs/metrics.md "Memory by key pattern", from what the sampler holds. Pure. */
export function memoryFamilies(view: MemoryView): MetricFamily[] {
  const perGroup = (value: (g: WindowEstimate<string>['groups'][number]) => number): Series =>
    [...view.estimates].flatMap(([db, { estimate }]) =>
      estimate.groups.map((g) => ({ labels: { db: `db${db}`, key_group: g.group }, value: value(g) })),
    );
  const perDb = (value: (e: WindowEstimate<string>) => number): Series =>
    [...view.estimates].map(([db, { estimate }]) => ({ labels: { db: `db${db}` }, value: value(estimate) }));
  const families: MetricFamily[] = [
    gauge(
      'redis_key_group_count',
      'Estimated keys in the key group (sampled; redis_exporter counts exactly)',
      perGroup((g) => g.keys.value),
    ),
    gauge(
      'redis_key_group_count_error',
      '95 % confidence half-width of redis_key_group_count',
      perGroup((g) => g.keys.error),
    ),
    gauge(
      'redis_key_group_memory_usage_bytes',
      'Estimated bytes held by the key group (MEMORY USAGE of sampled keys, scaled to the keyspace)',
      perGroup((g) => g.bytes.value),
    ),
    gauge(
      'redis_key_group_memory_usage_bytes_error',
      '95 % confidence half-width of redis_key_group_memory_usage_bytes',
      perGroup((g) => g.bytes.error),
    ),
    gauge(
      'redis_key_group_memory_by_ttl_bytes',
      'Estimated bytes of the key group by remaining TTL (ttl="none": no TTL)',
      [...view.estimates].flatMap(([db, { estimate }]) =>
        estimate.groups.flatMap((g) =>
          TTL_BUCKETS.map((ttl) => ({ labels: { db: `db${db}`, key_group: g.group, ttl }, value: g.ttlBytes[ttl] })),
        ),
      ),
    ),
    gauge(
      'redis_key_group_elements',
      'Element count percentiles (STRLEN for strings, LLEN/SCARD/ZCARD/HLEN/XLEN) among sampled keys of the type',
      [...view.estimates].flatMap(([db, { estimate }]) =>
        estimate.groups.flatMap((g) =>
          [...g.elements].flatMap(([type, qs]) =>
            ELEMENT_QUANTILES.filter((q) => qs.has(q)).map((q) => ({
              labels: { db: `db${db}`, key_group: g.group, type, quantile: String(q) },
              value: qs.get(q)!,
            })),
          ),
        ),
      ),
    ),
    gauge(
      'redis_key_group_biggest_key_bytes',
      'The largest sampled keys of the group (key rendered pattern#hash by the redaction module)',
      [...view.estimates].flatMap(([db, { estimate }]) =>
        estimate.groups.flatMap((g) =>
          g.biggest.map((b) => ({ labels: { db: `db${db}`, key_group: g.group, key: b.key }, value: b.bytes })),
        ),
      ),
    ),
    gauge(
      'redis_number_of_distinct_key_groups',
      'Key groups seen in the sampling window (beyond --max-distinct-key-groups they fold into key_group="overflow")',
      [
        ...perDb((e) => e.distinctGroups),
        ...Array.from({ length: view.databases ?? 0 }, (_, db) => db)
          .filter((db) => !view.estimates.has(db))
          .map((db) => ({ labels: { db: `db${db}` }, value: 0 })),
      ],
    ),
    gauge(
      'redis_key_groups_sample_coverage_ratio',
      'Fraction of the keyspace the sampling window has read',
      perDb((e) => e.coverage),
    ),
    gauge(
      'redis_key_groups_sampled_keys',
      'Keys in the sampling window',
      perDb((e) => e.sampledKeys),
    ),
    gauge(
      'redis_last_key_groups_scrape_duration_milliseconds',
      'Wall time of the last complete sampling window (redis_exporter: of the last full walk)',
      view.lastWindowMs !== undefined ? [{ value: view.lastWindowMs }] : [],
    ),
    gauge(
      'redis_memory_source_available',
      'Which memory sources the server allows (1) or not (0); reason says why',
      [...view.sources].map(([source, s]) => ({ labels: { source, reason: s.reason }, value: s.available ? 1 : 0 })),
    ),
  ];
  if (view.limit) {
    families.push(
      gauge('redis_memory_limit_bytes', 'The limit the forecast runs against', [
        { labels: { source: view.limit.source }, value: view.limit.bytes },
      ]),
    );
  }
  if (view.slope !== undefined) {
    families.push(
      gauge(
        'redis_memory_growth_bytes_per_second',
        'Growth of used_memory (least squares over --memory.forecast-window)',
        [{ value: view.slope }],
      ),
    );
  }
  if (view.timeToFull !== undefined && view.slope !== undefined) {
    families.push(
      gauge(
        'redis_memory_time_to_full_seconds',
        'Forecast: seconds until used_memory reaches redis_memory_limit_bytes at the recent growth rate (+Inf: not growing)',
        [{ value: view.timeToFull }],
        true,
      ),
    );
  }
  if (view.memoryStats) {
    for (const [name, value] of view.memoryStats.bytes) {
      families.push(gauge(`redis_memory_stats_${name}_bytes`, `MEMORY STATS ${name.replace(/_/g, '.')}`, [{ value }]));
    }
    if (view.memoryStats.keysCount !== undefined) {
      families.push(
        gauge('redis_memory_stats_keys_count', 'MEMORY STATS keys.count', [{ value: view.memoryStats.keysCount }]),
      );
    }
  }
  if (view.keysizes) {
    families.push(
      gauge(
        'redis_keysizes_keys',
        'INFO keysizes: keys whose size (strings: bytes; others: elements) is in the power-of-two bin from lower_bound',
        view.keysizes.map((b) => ({
          labels: { db: `db${b.db}`, type: b.type, lower_bound: String(b.lowerBound) },
          value: b.keys,
        })),
      ),
    );
  }
  if (view.slotStats) {
    families.push(
      gauge(
        'redis_slot_stats',
        "CLUSTER SLOT-STATS summed over the node's slots",
        [...view.slotStats].map(([stat, value]) => ({ labels: { stat }, value })),
      ),
    );
  }
  return families;
}
