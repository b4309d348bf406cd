import { isIP } from 'node:net';
import { metrics } from '@opentelemetry/api';
import Redis from 'ioredis';
import { createClusterClient, type HaClusterClient } from './cluster';
import { FailoverWatcher } from './failoverWatcher';
import { HaRedis } from './haRedis';
import { backoffDelay, resolveOptions, toIoredisOptions, type HaClientOptions, type Role } from './options';
import { readCommandSet } from './readCommands';
import type { SwitchMaster } from './switchMaster';
import { createHaTelemetry } from './telemetry';
import { errorType } from './errorType';
import { askSentinelsForMaster } from './sentinelQuery';

/** Timeouts in a row on the master after which Sentinel is asked whether the master moved. */
const TIMEOUTS_BEFORE_RECHECK = 2;

export interface HaClient extends HaRedis {
  /** Resolves once the `+switch-master` subscription is live (immediately outside Sentinel mode). */
  readonly failoverWatchReady: Promise<void>;
}

type Address = { host: string; port: number };

/**
 * An ioredis client for standalone, TLS or Sentinel deployments with defaults for fast failover (HA_DEFAULTS),
 * optional read/write split and OTel telemetry — or, with `cluster` seed nodes, an ioredis `Cluster` with
 * CLUSTER_DEFAULTS (see cluster.ts). Throws `HaConfigError` naming the setting on bad options.
 */
export function createRedisClient(
  options: HaClientOptions & { cluster: { host: string; port: number }[] },
): HaClusterClient;
export function createRedisClient(options: HaClientOptions): HaClient;
export function createRedisClient(options: HaClientOptions): HaClient | HaClusterClient {
  const opts = resolveOptions(options);
  if (opts.cluster) return createClusterClient(opts);
  const poolName = opts.name ?? `${opts.host ?? '127.0.0.1'}:${opts.port ?? 6379}`;
  // After a +switch-master the next reconnect attempt skips the backoff: the new master is known to be up.
  const skipBackoff: Record<Role, boolean> = { master: false, replica: false };
  const retryStrategy = (role: Role) => (attempt: number) => {
    if (skipBackoff[role]) {
      skipBackoff[role] = false;
      return 0;
    }
    return backoffDelay(attempt, opts.maxBackoffMs);
  };

  const client = new HaRedis(toIoredisOptions(opts, 'master', retryStrategy('master'))) as HaClient;
  const replica =
    opts.sentinels && opts.readFrom === 'replica'
      ? new Redis(toIoredisOptions(opts, 'replica', retryStrategy('replica')))
      : undefined;
  // Replica trouble is handled (reads fall back to the master) and shows in telemetry; do not crash the app.
  replica?.on('error', () => undefined);

  const roles = (): { role: Role; client: Redis }[] =>
    replica
      ? [
          { role: 'master', client },
          { role: 'replica', client: replica },
        ]
      : [{ role: 'master', client }];
  const telemetry = createHaTelemetry(opts.meter ?? metrics.getMeter('redis-lens/ha'), poolName, opts.name, roles);
  client.on('reconnecting', () => telemetry.reconnecting('master'));
  replica?.on('reconnecting', () => telemetry.reconnecting('replica'));

  // A failover announced but not yet followed by a successful command on the new master.
  let pending: { announcedAt: number; newMaster: Address } | undefined;
  // The master the last handled failover moved to: the watcher and the timeout check may both report it.
  let handledMaster: Address | undefined;
  const onNewMaster = (newMaster: Address, announcedAt: number) => {
    if (!handledMaster || !sameAddress(handledMaster, newMaster)) {
      handledMaster = newMaster;
      telemetry.failoverSeen();
      pending = { announcedAt, newMaster };
    }
    moveOff(
      client,
      (addr) => !sameAddress(addr, newMaster),
      () => (skipBackoff.master = true),
    );
    // A replica connection on the promoted node now reads from the master; move it to a remaining replica.
    if (replica)
      moveOff(
        replica,
        (addr) => sameAddress(addr, newMaster),
        () => (skipBackoff.replica = true),
      );
  };

  // Safety net for a missed +switch-master: after consecutive timeouts on the master, ask Sentinel where it is.
  let consecutiveTimeouts = 0;
  let checking = false;
  const recheckMaster = async () => {
    checking = true;
    try {
      const current = await askSentinelsForMaster(opts);
      const stream = client.stream;
      if (current && client.status === 'ready' && stream?.remotePort) {
        const connected = { host: stream.remoteAddress ?? '', port: stream.remotePort };
        if (!sameAddress(connected, current)) onNewMaster(current, Date.now());
      }
    } finally {
      consecutiveTimeouts = 0;
      checking = false;
    }
  };

  client.configureHa({
    maxOfflineQueue: opts.maxOfflineQueue,
    readCommands: readCommandSet(opts.readCommands),
    replica,
    onOutcome(role, error) {
      if (role === 'master' && opts.sentinels) {
        if (!error) consecutiveTimeouts = 0;
        else if (errorType(error) === 'timeout' && ++consecutiveTimeouts >= TIMEOUTS_BEFORE_RECHECK && !checking) {
          void recheckMaster();
        }
      }
      if (error) {
        telemetry.commandFailed(role, error);
      } else if (pending && role === 'master' && connectedTo(client, pending.newMaster)) {
        telemetry.recovered((Date.now() - pending.announcedAt) / 1000);
        pending = undefined;
      }
    },
  });

  const watcher = opts.sentinels && opts.watchFailover ? new FailoverWatcher(opts) : undefined;
  watcher?.on('switch', (change: SwitchMaster, announcedAt: number) => onNewMaster(change.newMaster, announcedAt));
  Object.defineProperty(client, 'failoverWatchReady', { value: watcher?.ready ?? Promise.resolve() });

  client.once('end', () => {
    watcher?.stop();
    replica?.disconnect();
    telemetry.close();
  });
  return client;
}

function sameAddress(a: Address, b: Address): boolean {
  // Sentinel announces IPs; a hostname we connected by cannot be compared, so only the port decides then.
  return a.port === b.port && (a.host === b.host || !isIP(a.host) || !isIP(b.host));
}

function connectedTo(client: Redis, address: Address): boolean {
  const stream = client.stream;
  if (client.status !== 'ready' || !stream?.remotePort) return false;
  return sameAddress({ host: stream.remoteAddress ?? '', port: stream.remotePort }, address);
}

// ioredis keeps the pending reconnect timer private; clearing it and connecting now is what the timer would do.
type WithReconnectTimer = { reconnectTimeout?: NodeJS.Timeout | null };

/**
 * Moves `client` off a connection that the failover made wrong. A hung master never closes its socket, so it is
 * destroyed rather than ended; a client already waiting to reconnect reconnects now instead of after its backoff.
 */
function moveOff(client: Redis, isStale: (address: Address) => boolean, skipNextBackoff: () => void): void {
  if (client.status === 'reconnecting') {
    const internal = client as unknown as WithReconnectTimer;
    if (internal.reconnectTimeout) {
      clearTimeout(internal.reconnectTimeout);
      internal.reconnectTimeout = null;
      client.connect().catch(() => undefined);
    }
    return;
  }
  const stream = client.stream;
  if ((client.status === 'ready' || client.status === 'connect') && stream?.remotePort) {
    if (isStale({ host: stream.remoteAddress ?? '', port: stream.remotePort })) {
      skipNextBackoff();
      stream.destroy();
    }
  }
}
