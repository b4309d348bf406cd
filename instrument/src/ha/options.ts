import { readFileSync } from 'node:fs';
import type { Meter } from '@opentelemetry/api';
import type { ClusterOptions, RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'node:tls';

export type Role = 'master' | 'replica';

export interface HaClientOptions {
  /** Redis Cluster mode: seed nodes (any subset of the cluster); see docs/ha-client.md "Redis Cluster". */
  cluster?: { host: string; port: number }[];
  /** Cluster mode: periodic slot-map re-read even without errors (catches idle failovers and migrations). */
  slotsRefreshIntervalMs?: number;
  /** Cluster mode: longest wait for one node's CLUSTER SLOTS before asking the next node. */
  slotsRefreshTimeoutMs?: number;
  /** Cluster mode: pause before resending a command whose node went away or answered CLUSTERDOWN/TRYAGAIN. */
  retryDelayOnFailoverMs?: number;
  /** Cluster mode: while a shard fails, re-read the slot map this often until it serves again. */
  incidentRefreshMs?: number;
  /** Cluster mode escape hatch: raw ioredis `Cluster` options applied last (e.g. `natMap`, `scaleReads`). */
  ioredisCluster?: ClusterOptions;
  /** Sentinel mode: Sentinels to ask for the master (and replicas), and the master's name. */
  sentinels?: { host: string; port: number }[];
  name?: string;
  sentinelUsername?: string;
  /** Pass it from the environment or a secret file; it never appears in telemetry or errors. */
  sentinelPassword?: string;
  sentinelPasswordFile?: string;
  /** TLS for the Sentinel connections (data-node TLS is `tls`). */
  sentinelTLS?: ConnectionOptions;
  /** Standalone mode. */
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  /** Read the password from this file (e.g. a mounted secret) instead; trailing newline ignored. */
  passwordFile?: string;
  /** TLS for data-node connections (in Sentinel mode too). */
  tls?: ConnectionOptions;
  db?: number;
  /** Longest wait for a TCP (and TLS) connection. */
  connectTimeoutMs?: number;
  /** Longest a caller waits for any command, queued time included. */
  commandTimeoutMs?: number;
  /** Cap of the exponential reconnect backoff (starts at 50 ms). */
  maxBackoffMs?: number;
  /** Commands held while disconnected; beyond this callers get an `OfflineQueueFullError` at once. */
  maxOfflineQueue?: number;
  /** Longest wait for one Sentinel reply while resolving the master. */
  sentinelCommandTimeoutMs?: number;
  /** `replica`: read commands go to a replica (master when none is ready). Sentinel mode only. */
  readFrom?: Role;
  /** Commands treated as reads when `readFrom: 'replica'` (default: `DEFAULT_READ_COMMANDS`). */
  readCommands?: readonly string[];
  /** Subscribe to `+switch-master` and move at once (Sentinel mode). Default true. */
  watchFailover?: boolean;
  /** Meter for telemetry; default: the global provider's `redis-lens/ha` meter. */
  meter?: Meter;
  /** Escape hatch: raw ioredis options applied last (e.g. `keyPrefix`, `connectionName`). */
  ioredis?: RedisOptions;
}

/** Defaults chosen for fast recovery; docs/ha-client.md gives what each buys, measured by bench/ha.bench.ts. */
export const HA_DEFAULTS = {
  connectTimeoutMs: 1_000,
  commandTimeoutMs: 1_000,
  maxBackoffMs: 500,
  maxOfflineQueue: 1_000,
  sentinelCommandTimeoutMs: 500,
  readFrom: 'master' as Role,
  watchFailover: true,
};

/**
 * Cluster-mode defaults on top of HA_DEFAULTS, measured in docs/ha-client.md ("Redis Cluster"): a lost node or a
 * CLUSTERDOWN is retried after a short pause and the slot map re-read, commands may be redirected as often as
 * their timeout allows (the timeout, not a redirection count, bounds the wait), and an idle client re-reads the
 * slot map every few seconds.
 */
export const CLUSTER_DEFAULTS = {
  slotsRefreshIntervalMs: 5_000,
  slotsRefreshTimeoutMs: 500,
  retryDelayOnFailoverMs: 50,
  incidentRefreshMs: 200,
};

export type ResolvedOptions = HaClientOptions & typeof HA_DEFAULTS & Partial<typeof CLUSTER_DEFAULTS>;

/** Thrown for a bad setting; the message names the setting and never includes a password. */
export class HaConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`redis-lens HA client: invalid ${setting}: ${problem}`);
    this.name = 'HaConfigError';
  }
}

function positiveInt(setting: string, value: unknown, allowZero = false): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new HaConfigError(setting, `expected a ${allowZero ? 'non-negative' : 'positive'} integer`);
  }
}

export function resolveOptions(opts: HaClientOptions): ResolvedOptions {
  for (const setting of ['connectTimeoutMs', 'commandTimeoutMs', 'maxBackoffMs', 'sentinelCommandTimeoutMs'] as const) {
    positiveInt(setting, opts[setting]);
  }
  positiveInt('maxOfflineQueue', opts.maxOfflineQueue, true);
  positiveInt('db', opts.db, true);
  const clusterSettings = [
    'slotsRefreshIntervalMs',
    'slotsRefreshTimeoutMs',
    'retryDelayOnFailoverMs',
    'incidentRefreshMs',
  ] as const;
  for (const setting of clusterSettings) {
    positiveInt(setting, opts[setting]);
    if (opts[setting] !== undefined && opts.cluster === undefined) {
      throw new HaConfigError(setting, 'applies to cluster mode only (give cluster: [{ host, port }, …])');
    }
  }
  if (opts.cluster !== undefined) {
    validateCluster(opts);
  } else if (opts.sentinels !== undefined) {
    if (!Array.isArray(opts.sentinels) || opts.sentinels.length === 0) {
      throw new HaConfigError('sentinels', 'expected at least one { host, port }');
    }
    opts.sentinels.forEach((s, i) => {
      if (!s || typeof s.host !== 'string' || !s.host) throw new HaConfigError(`sentinels[${i}].host`, 'missing');
      positiveInt(`sentinels[${i}].port`, s.port);
    });
    if (typeof opts.name !== 'string' || !opts.name) throw new HaConfigError('name', 'required with sentinels');
    if (opts.host !== undefined || opts.port !== undefined) {
      throw new HaConfigError('host', 'give either sentinels + name or host + port, not both');
    }
  } else {
    if (opts.readFrom === 'replica') {
      throw new HaConfigError('readFrom', "'replica' needs Sentinel mode (sentinels + name) to find replicas");
    }
    positiveInt('port', opts.port);
  }
  if (opts.readFrom !== undefined && opts.readFrom !== 'master' && opts.readFrom !== 'replica') {
    throw new HaConfigError('readFrom', "expected 'master' or 'replica'");
  }
  if (opts.readCommands !== undefined && !opts.readCommands.every((c) => typeof c === 'string' && c.length > 0)) {
    throw new HaConfigError('readCommands', 'expected command names');
  }
  if (opts.password !== undefined && opts.passwordFile !== undefined) {
    throw new HaConfigError('passwordFile', 'give either password or passwordFile');
  }
  if (opts.sentinelPassword !== undefined && opts.sentinelPasswordFile !== undefined) {
    throw new HaConfigError('sentinelPasswordFile', 'give either sentinelPassword or sentinelPasswordFile');
  }
  const resolved = { ...HA_DEFAULTS } as ResolvedOptions;
  for (const [k, v] of Object.entries(opts))
    if (v !== undefined) (resolved as unknown as Record<string, unknown>)[k] = v;
  if (opts.passwordFile !== undefined) resolved.password = readSecret('passwordFile', opts.passwordFile);
  if (opts.sentinelPasswordFile !== undefined) {
    resolved.sentinelPassword = readSecret('sentinelPasswordFile', opts.sentinelPasswordFile);
  }
  return resolved;
}

function validateCluster(opts: HaClientOptions): void {
  if (!Array.isArray(opts.cluster) || opts.cluster.length === 0) {
    throw new HaConfigError('cluster', 'expected at least one seed node { host, port }');
  }
  opts.cluster.forEach((n, i) => {
    if (!n || typeof n.host !== 'string' || !n.host) throw new HaConfigError(`cluster[${i}].host`, 'missing');
    positiveInt(`cluster[${i}].port`, n.port);
  });
  if (opts.sentinels !== undefined) throw new HaConfigError('sentinels', 'give either cluster or sentinels, not both');
  if (opts.host !== undefined || opts.port !== undefined) {
    throw new HaConfigError('host', 'give either cluster seed nodes or host + port, not both');
  }
  // Redis Cluster has database 0 only; SELECT fails on every node.
  if (opts.db !== undefined && opts.db !== 0) throw new HaConfigError('db', 'Redis Cluster serves database 0 only');
  if (opts.watchFailover === false) {
    throw new HaConfigError('watchFailover', 'Sentinel mode only; cluster failovers are followed through the slot map');
  }
}

function readSecret(setting: string, path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    // The path is configuration, not a secret; the file's content never reaches the message.
    throw new HaConfigError(setting, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Exponential backoff from 50 ms, capped: a restarted or promoted node is found within `maxBackoffMs`. */
export function backoffDelay(attempt: number, maxBackoffMs: number): number {
  return Math.min(50 * 2 ** Math.max(0, Math.min(attempt - 1, 20)), maxBackoffMs);
}

/** How to reach one Sentinel (auth, TLS, connect timeout) for our own connections to it. */
export function sentinelConnectionOptions(opts: ResolvedOptions, host: string, port: number): RedisOptions {
  return {
    host,
    port,
    username: opts.sentinelUsername,
    password: opts.sentinelPassword,
    tls: opts.sentinelTLS,
    connectTimeout: opts.connectTimeoutMs,
  };
}

/** ioredis options for one role. `retryStrategy` is supplied by the client so a failover can skip the backoff. */
export function toIoredisOptions(
  opts: ResolvedOptions,
  role: Role,
  retryStrategy: (attempt: number) => number,
): RedisOptions {
  const common: RedisOptions = {
    username: opts.username,
    password: opts.password,
    db: opts.db,
    tls: opts.tls,
    connectTimeout: opts.connectTimeoutMs,
    commandTimeout: opts.commandTimeoutMs,
    retryStrategy,
    // A demoted master answers writes with READONLY: reconnect (Sentinel names the new master) and resend.
    reconnectOnError: (err) => (role === 'master' && err.message.startsWith('READONLY') ? 2 : false),
    // The replica client hands failed reads back to the master instead of resending them itself.
    autoResendUnfulfilledCommands: role === 'master',
    enableOfflineQueue: role === 'master',
  };
  const mode: RedisOptions = opts.sentinels
    ? {
        sentinels: opts.sentinels.map(({ host, port }) => ({ host, port })),
        name: opts.name,
        role: role === 'master' ? 'master' : 'slave',
        sentinelUsername: opts.sentinelUsername,
        sentinelPassword: opts.sentinelPassword,
        sentinelTLS: opts.sentinelTLS,
        enableTLSForSentinelMode: Boolean(opts.tls),
        sentinelCommandTimeout: opts.sentinelCommandTimeoutMs,
        // Keep asking Sentinels during an outage; the caller is bounded by commandTimeout, not by this.
        sentinelRetryStrategy: (attempt) => backoffDelay(attempt, opts.maxBackoffMs),
        // Our own +switch-master watcher replaces ioredis's failoverDetector (see failoverWatcher.ts).
        failoverDetector: false,
      }
    : { host: opts.host ?? '127.0.0.1', port: opts.port ?? 6379 };
  return { ...common, ...mode, ...opts.ioredis };
}
