/**
 * Parsers for the memory sources some servers have: `MEMORY STATS` (Redis ≥ 4), `INFO keysizes` (Redis ≥ 8.0) and
 * `CLUSTER SLOT-STATS` (Valkey ≥ 8.0, Redis ≥ 8.2). Pure: replies in, numbers out; anything malformed is skipped, never
 * thrown, so a strange reply costs a series, not a scrape.
 */

/** `MEMORY STATS` fields exported as `redis_memory_stats_<name>_bytes`. */
export const MEMORY_STATS_BYTES: Record<string, string> = {
  'peak.allocated': 'peak_allocated',
  'total.allocated': 'total_allocated',
  'startup.allocated': 'startup_allocated',
  'replication.backlog': 'replication_backlog',
  'clients.slaves': 'clients_replicas',
  'clients.normal': 'clients_normal',
  'cluster.links': 'cluster_links',
  'aof.buffer': 'aof_buffer',
  'lua.caches': 'lua_caches',
  'functions.caches': 'functions_caches',
  'overhead.total': 'overhead_total',
  'keys.bytes-per-key': 'keys_bytes_per_key',
  'dataset.bytes': 'dataset',
  'fragmentation.bytes': 'fragmentation',
};

export interface MemoryStats {
  /** Exported name part (see MEMORY_STATS_BYTES) → bytes. */
  bytes: Map<string, number>;
  keysCount?: number;
  datasetPercentage?: number;
}

/** A RESP2 flat map (`[k1, v1, k2, v2, …]`) or RESP3 map into entries; anything else gives none. */
function entries(reply: unknown): [string, unknown][] {
  if (reply instanceof Map) return [...reply].map(([k, v]) => [String(k), v]);
  if (!Array.isArray(reply)) return [];
  const out: [string, unknown][] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) out.push([String(reply[i]), reply[i + 1]]);
  return out;
}

function num(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' || Buffer.isBuffer(value)
        ? Number(String(value))
        : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function parseMemoryStats(reply: unknown): MemoryStats {
  const out: MemoryStats = { bytes: new Map() };
  for (const [field, value] of entries(reply)) {
    const n = num(value);
    if (n === undefined) continue;
    const name = MEMORY_STATS_BYTES[field];
    if (name) out.bytes.set(name, n);
    else if (field === 'keys.count') out.keysCount = n;
    else if (field === 'dataset.percentage') out.datasetPercentage = n;
  }
  return out;
}

/** One `INFO keysizes` bin: keys of `type` in `db` whose size is in [lowerBound, 2·lowerBound). */
export interface KeySizeBin {
  db: number;
  type: string;
  lowerBound: number;
  keys: number;
}

const TYPE_OF: Record<string, string> = {
  strings: 'string',
  lists: 'list',
  sets: 'set',
  zsets: 'zset',
  hashes: 'hash',
};
const SIZE_SUFFIX: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5 };

/**
 * `INFO keysizes` (Redis 8.0): lines `db0_distrib_strings_sizes:2=1,4=1,512=100899,1K=31` and
 * `dbN_distrib_{lists,sets,zsets,hashes}_items:…`, power-of-two bins with K/M/G/T suffixes. Undefined when the reply
 * has no `# Keysizes` section (older servers answer INFO with an unknown section by an empty string).
 */
export function parseKeysizes(text: string): KeySizeBin[] | undefined {
  if (!/^# Keysizes/m.test(text)) return undefined;
  const out: KeySizeBin[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^db(\d{1,5})_distrib_([a-z]+)_(?:sizes|items):(.*)$/.exec(line.trim());
    if (!m) continue;
    const type = TYPE_OF[m[2]] ?? m[2];
    for (const pair of m[3].split(',')) {
      const bin = /^(\d+)([KMGTP]?)=(\d+)$/.exec(pair.trim());
      if (!bin) continue;
      out.push({ db: Number(m[1]), type, lowerBound: Number(bin[1]) * SIZE_SUFFIX[bin[2]], keys: Number(bin[3]) });
    }
  }
  return out;
}

export const SLOT_STATS = ['key-count', 'cpu-usec', 'network-bytes-in', 'network-bytes-out'] as const;

/**
 * `CLUSTER SLOT-STATS SLOTSRANGE 0 16383`: `[[slot, [stat, value, …]], …]` (RESP3: a map per slot). Summed over the
 * slots the node answers for (only its own), as `key_count`, `cpu_usec`, `network_bytes_in`, `network_bytes_out`.
 */
export function parseSlotStats(reply: unknown): Map<string, number> {
  const totals = new Map<string, number>();
  if (!Array.isArray(reply)) return totals;
  for (const slot of reply) {
    if (!Array.isArray(slot) || slot.length < 2) continue;
    for (const [stat, value] of entries(slot[1])) {
      const n = num(value);
      if (n === undefined || !(SLOT_STATS as readonly string[]).includes(stat)) continue;
      const name = stat.replace(/-/g, '_');
      totals.set(name, (totals.get(name) ?? 0) + n);
    }
  }
  return totals;
}

/** max ÷ mean over shards (1 = balanced; undefined without at least one shard with a positive mean). */
export function imbalanceRatio(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return mean > 0 ? Math.max(...values) / mean : undefined;
}
