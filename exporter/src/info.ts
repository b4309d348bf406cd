/**
 * `INFO ALL` parser. Pure: text in, typed fields out. Lines that do not parse are skipped (never thrown), because
 * forks and future versions add fields and an exporter must keep exporting the ones it understands.
 */
export interface CommandStat {
  cmd: string;
  calls: number;
  usec: number;
  rejectedCalls?: number;
  failedCalls?: number;
}

export interface KeyspaceDb {
  db: string;
  keys: number;
  expires: number;
  /** Milliseconds; undefined when the server does not report it. */
  avgTtlMs?: number;
  /** KeyDB's `cached_keys`; undefined on Redis and Valkey (which never report it). */
  cachedKeys?: number;
  /** Keys with expiring sub-items (hash fields): Redis 7.4+ `subexpiry`, Valkey 9 `keys_with_volatile_items`. */
  keysWithExpiringItems?: number;
}

/** One `engine_N` line of Valkey 9's `# Scripting Engines`. */
export interface ScriptingEngine {
  name: string;
  module: string;
  abiVersion: string;
  usedMemory: number;
  memoryOverhead: number;
}

export interface ReplicaLine {
  ip: string;
  port: string;
  state: string;
  offset: number;
  /** Seconds; undefined before Redis 3.0. */
  lag?: number;
}

export interface SentinelMasterLine {
  name: string;
  status: string;
  address: string;
  slaves: number;
  sentinels: number;
}

export interface InfoReport {
  /** Every `key:value` line of a plain section, as text (section of each in `sectionOf`). */
  fields: Map<string, string>;
  sectionOf: Map<string, string>;
  commandstats: CommandStat[];
  errorstats: { err: string; count: number }[];
  /** INFO latencystats: percentile (e.g. 50, 99, 99.9) → microseconds. */
  latencystats: { cmd: string; percentiles: [number, number][] }[];
  keyspace: KeyspaceDb[];
  replicas: ReplicaLine[];
  sentinelMasters: SentinelMasterLine[];
  /** Valkey 9 `# TLS`: certificate (server, client, ca) → serial. */
  tlsSerials: { certificate: string; serial: string }[];
  scriptingEngines: ScriptingEngine[];
  /** Valkey 9.1 `used_active_time_io_thread_N`: thread number → value. */
  ioThreadActiveTime: { thread: string; value: number }[];
}

/** `a=1,b=2` → {a: '1', b: '2'}; undefined when any part is not `k=v`. */
export function parseKeyValueList(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

function finite(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

export function parseCommandStat(key: string, value: string): CommandStat | undefined {
  if (!key.startsWith('cmdstat_') || key.length === 'cmdstat_'.length) return undefined;
  const kv = parseKeyValueList(value);
  const calls = finite(kv?.calls);
  const usec = finite(kv?.usec);
  if (!kv || calls === undefined || usec === undefined) return undefined;
  return {
    cmd: key.slice('cmdstat_'.length),
    calls,
    usec,
    rejectedCalls: finite(kv.rejected_calls),
    failedCalls: finite(kv.failed_calls),
  };
}

/**
 * `db0:keys=1,expires=0,avg_ttl=0,subexpiry=0`, read by field name in any order (redis_exporter 1.90 does the same;
 * reading by position turned Redis 7.4's `subexpiry` into KeyDB's `cached_keys`). `keys` and `expires` are required;
 * unknown fields are ignored, a field that is not `k=v` or a known field that is not a number rejects the line.
 */
export function parseKeyspaceLine(key: string, value: string): KeyspaceDb | undefined {
  if (!/^db\d+$/.test(key)) return undefined;
  const kv = parseKeyValueList(value);
  if (!kv) return undefined;
  const optional = (...names: string[]): number | undefined | null => {
    const name = names.find((n) => Object.hasOwn(kv, n));
    if (name === undefined) return undefined;
    return finite(kv[name]) ?? null;
  };
  const keys = optional('keys');
  const expires = optional('expires');
  const avgTtlMs = optional('avg_ttl');
  const cachedKeys = optional('cached_keys');
  const keysWithExpiringItems = optional('subexpiry', 'keys_with_volatile_items');
  if (keys == null || expires == null) return undefined;
  if (avgTtlMs === null || cachedKeys === null || keysWithExpiringItems === null) return undefined;
  return { db: key, keys, expires, avgTtlMs, cachedKeys, keysWithExpiringItems };
}

/** `engine_0:name=LUA,module=built-in,abi_version=1,used_memory=20,memory_overhead=21` (any order, all required). */
export function parseScriptingEngine(key: string, value: string): ScriptingEngine | undefined {
  if (!key.startsWith('engine_')) return undefined;
  const kv = parseKeyValueList(value);
  const usedMemory = finite(kv?.used_memory);
  const memoryOverhead = finite(kv?.memory_overhead);
  if (!kv || kv.name === undefined || kv.module === undefined || kv.abi_version === undefined) return undefined;
  if (usedMemory === undefined || memoryOverhead === undefined || usedMemory < 0 || memoryOverhead < 0)
    return undefined;
  return { name: kv.name, module: kv.module, abiVersion: kv.abi_version, usedMemory, memoryOverhead };
}

const TLS_SERIAL = /^tls_(server|client|ca)_cert_serial$/;
const IO_THREAD_ACTIVE_TIME = /^used_active_time_io_thread_(\d+)$/;

export function parseReplicaLine(key: string, value: string): ReplicaLine | undefined {
  if (!/^slave\d+$/.test(key)) return undefined;
  const kv = parseKeyValueList(value);
  const offset = finite(kv?.offset);
  if (!kv || offset === undefined) return undefined;
  const lag = kv.lag === undefined ? undefined : finite(kv.lag);
  if (kv.lag !== undefined && lag === undefined) return undefined;
  return { ip: kv.ip ?? '', port: kv.port ?? '', state: kv.state ?? '', offset, lag };
}

export function parseLatencyStat(
  key: string,
  value: string,
): { cmd: string; percentiles: [number, number][] } | undefined {
  const prefix = 'latency_percentiles_usec_';
  if (!key.startsWith(prefix) || key.length === prefix.length) return undefined;
  const kv = parseKeyValueList(value);
  if (!kv) return undefined;
  const percentiles: [number, number][] = [];
  for (const [name, v] of Object.entries(kv)) {
    const p = name.startsWith('p') ? finite(name.slice(1)) : undefined;
    const usec = finite(v);
    if (p === undefined || usec === undefined) return undefined;
    percentiles.push([p, usec]);
  }
  return { cmd: key.slice(prefix.length), percentiles };
}

export function parseSentinelMasterLine(key: string, value: string): SentinelMasterLine | undefined {
  if (!/^master\d+$/.test(key)) return undefined;
  const kv = parseKeyValueList(value);
  const slaves = finite(kv?.slaves);
  const sentinels = finite(kv?.sentinels);
  if (!kv || kv.name === undefined || slaves === undefined || sentinels === undefined) return undefined;
  return { name: kv.name, status: kv.status ?? '', address: kv.address ?? '', slaves, sentinels };
}

export function parseInfoReport(text: string): InfoReport {
  const report: InfoReport = {
    fields: new Map(),
    sectionOf: new Map(),
    commandstats: [],
    errorstats: [],
    latencystats: [],
    keyspace: [],
    replicas: [],
    sentinelMasters: [],
    tlsSerials: [],
    scriptingEngines: [],
    ioThreadActiveTime: [],
  };
  let section = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line.startsWith('#')) {
      section = line.slice(1).trim().toLowerCase();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    switch (section) {
      case 'commandstats': {
        const stat = parseCommandStat(key, value);
        if (stat) report.commandstats.push(stat);
        continue;
      }
      case 'errorstats': {
        const count = key.startsWith('errorstat_') ? finite(parseKeyValueList(value)?.count) : undefined;
        if (count !== undefined) report.errorstats.push({ err: key.slice('errorstat_'.length), count });
        continue;
      }
      case 'latencystats': {
        const stat = parseLatencyStat(key, value);
        if (stat) report.latencystats.push(stat);
        continue;
      }
      case 'keyspace': {
        const db = parseKeyspaceLine(key, value);
        if (db) report.keyspace.push(db);
        continue;
      }
      // Valkey 9.1 repeats CLUSTER INFO inside INFO ALL; it is read from CLUSTER INFO itself, as redis_exporter does.
      case 'cluster info':
        continue;
      case 'scripting engines': {
        if (key.startsWith('engine_')) {
          const engine = parseScriptingEngine(key, value);
          if (engine) report.scriptingEngines.push(engine);
          continue;
        }
        break;
      }
    }
    const serial = TLS_SERIAL.exec(key);
    if (serial) {
      report.tlsSerials.push({ certificate: serial[1], serial: value });
      continue;
    }
    const ioThread = IO_THREAD_ACTIVE_TIME.exec(key);
    if (ioThread) {
      const n = finite(value);
      if (n !== undefined) report.ioThreadActiveTime.push({ thread: ioThread[1], value: n });
      continue;
    }
    if (section === 'replication' && /^slave\d+$/.test(key)) {
      const replica = parseReplicaLine(key, value);
      if (replica) report.replicas.push(replica);
      continue;
    }
    if (section === 'sentinel' && /^master\d+$/.test(key)) {
      const master = parseSentinelMasterLine(key, value);
      if (master) report.sentinelMasters.push(master);
      continue;
    }
    report.fields.set(key, value);
    report.sectionOf.set(key, section);
  }
  return report;
}

/** INFO field value as a number the way redis_exporter reads it: ok/true → 1, err/fail/false → 0. */
export function infoNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === 'ok' || value === 'true') return 1;
  if (value === 'err' || value === 'fail' || value === 'false') return 0;
  return finite(value);
}
