import { metrics } from '@opentelemetry/api';
import { Cluster, type ClusterOptions, type Command, type Redis } from 'ioredis';
import { errorType } from './errorType';
import { OfflineQueueFullError, offlineQueueLength } from './haRedis';
import { backoffDelay, CLUSTER_DEFAULTS, type ResolvedOptions } from './options';
import { ShardWatch } from './shardWatch';
import { createClusterTelemetry, type ClusterTelemetry } from './telemetry';

type WriteableStream = Parameters<Cluster['sendCommand']>[1];

/** Marks a command whose reject this client already wraps (a pipeline retry re-creates reject, so not a WeakSet). */
const OBSERVED = Symbol('redis-lens.cluster.observed');
type ObservedReject = Command['reject'] & { [OBSERVED]?: true };

// Errors that mean "the node for this slot is gone or not serving": worth re-reading the slot map at once.
/** Longest the incident poll runs after the last node-lost error (a shard nobody writes to stays "pending"). */
const INCIDENT_POLL_LIMIT_MS = 30_000;

const NODE_LOST = new Set(['timeout', 'connection_closed', 'CLUSTERDOWN', 'TRYAGAIN', 'MASTERDOWN', 'LOADING']);

/**
 * The ioredis `Cluster` the factory returns in cluster mode. `sendCommand` is the funnel every command (and every
 * pipeline command) goes through, so the timeout, the offline-queue bound and the observation of redirects and
 * outcomes live here and the caller keeps the full ioredis Cluster API.
 *
 * Redirects: ioredis follows MOVED/ASK inside the command's `reject` (it wraps it in `sendCommand`) and never
 * emits an event, and its diagnostics_channel trace sees only the final outcome. So after ioredis has wrapped
 * `reject` we wrap it once more: we see every reply error first (MOVED, ASK, connection lost) and pass it on
 * unchanged. `Command.reject` and `Cluster.sendCommand` are the same public surface HaRedis builds on; if a
 * future ioredis stopped routing errors through `reject`, the counts would stop, not the commands.
 */
export class HaCluster extends Cluster {
  private maxOfflineQueue = Infinity;
  private commandTimeoutMs = 0;
  private telemetry?: ClusterTelemetry;
  private shards?: ShardWatch;
  private lastErrorRefresh = 0;
  private refreshPauseMs = CLUSTER_DEFAULTS.retryDelayOnFailoverMs;
  private incidentPollMs = CLUSTER_DEFAULTS.incidentRefreshMs;
  private incidentTimer?: NodeJS.Timeout;
  private incidentStarted = 0;
  /** Node connections the pool handed out and not yet reported gone ('+node' / '-node'). */
  private readonly pooled = new Set<Redis>();
  private readonly handedOverAt = new WeakMap<Command, number>();

  /** Called once by the factory before any command is sent. */
  configureHa(settings: {
    maxOfflineQueue: number;
    commandTimeoutMs: number;
    refreshPauseMs: number;
    incidentPollMs: number;
    telemetry: ClusterTelemetry;
    shards: ShardWatch;
  }): void {
    this.maxOfflineQueue = settings.maxOfflineQueue;
    this.commandTimeoutMs = settings.commandTimeoutMs;
    this.refreshPauseMs = settings.refreshPauseMs;
    this.incidentPollMs = settings.incidentPollMs;
    this.once('end', () => this.stopIncidentPoll());
    this.on('+node', (node: Redis) => this.pooled.add(node));
    this.on('-node', (node: Redis) => this.pooled.delete(node));
    this.on('refresh', () => this.dropRemovedNodes());
    this.telemetry = settings.telemetry;
    this.shards = settings.shards;
  }

  override sendCommand(command: Command, stream?: WriteableStream, node?: unknown): unknown {
    if (this.commandTimeoutMs && !this.armTimeout(command)) return command.promise;
    if (this.status !== 'ready' && offlineQueueLength(this as never) >= this.maxOfflineQueue) {
      command.reject(new OfflineQueueFullError(this.maxOfflineQueue));
      return command.promise;
    }
    const firstTime = !(command.reject as ObservedReject)[OBSERVED];
    const result = super.sendCommand(command, stream, node);
    if (firstTime) this.observe(command);
    return result;
  }

  /**
   * The timeout runs from when the caller first handed the command over (offline-queue time included): ioredis's
   * own per-node commandTimeout starts only at the first write to a node, and a pipeline that ioredis resends after
   * a lost node (`initPromise()` clears the timer) would otherwise get a fresh timeout on every resend. Returns
   * false when the time is already up (the command is then rejected as timed out).
   */
  private armTimeout(command: Command): boolean {
    const first = this.handedOverAt.get(command);
    if (first === undefined) {
      this.handedOverAt.set(command, Date.now());
      command.setTimeout(this.commandTimeoutMs);
      return true;
    }
    const left = this.commandTimeoutMs - (Date.now() - first);
    if (left > 0) {
      command.setTimeout(left);
      return true;
    }
    command.reject(new Error('Command timed out'));
    return false;
  }

  private observe(command: Command): void {
    const inner = command.reject;
    const slot = command.getSlot();
    const wrapped: ObservedReject = (error: Error) => {
      this.onReplyError(error, slot);
      inner.call(command, error);
    };
    wrapped[OBSERVED] = true;
    command.reject = wrapped;
    // A pipeline retry calls initPromise() (new promise, new reject): the retry's sendCommand wraps it again.
    command.promise.then(
      () => this.shards?.succeeded(slot ?? undefined),
      (error: Error) => {
        this.telemetry?.commandFailed('master', error);
      },
    );
  }

  /** Every error reply or local failure on its way to ioredis's own handling (which may retry or redirect). */
  private onReplyError(error: Error, slot: number | null): void {
    const message = String(error?.message ?? '');
    if (message.startsWith('MOVED ')) this.telemetry?.redirect('moved');
    else if (message.startsWith('ASK ')) this.telemetry?.redirect('ask');
    else if (NODE_LOST.has(errorType(error))) {
      this.shards?.failed(slot ?? undefined);
      this.refreshSoon();
      this.startIncidentPoll();
    }
  }

  /**
   * While a shard fails, re-read the slot map every `incidentPollMs` until it serves again (bounded): the promotion
   * is then seen within one poll instead of after the next failed command — which, on a hung master, is a whole
   * command timeout later.
   */
  private startIncidentPoll(): void {
    this.incidentStarted = Date.now();
    if (this.incidentTimer) return;
    this.incidentTimer = setInterval(() => {
      const open = this.shards?.incidentOpen() ?? false;
      if (!open || Date.now() - this.incidentStarted > INCIDENT_POLL_LIMIT_MS) this.stopIncidentPoll();
      else if (this.status === 'ready') this.refreshSlotsCache();
    }, this.incidentPollMs);
    this.incidentTimer.unref();
  }

  /**
   * A slot-map read drops nodes that serve no slots any more (a failed-over master) with a graceful disconnect —
   * which never completes against a hung (SIGSTOPped) node, so commands written to it would wait for their
   * timeout. Destroying the socket fails them at once with "Connection is closed", which ioredis resends to the
   * new master.
   */
  private dropRemovedNodes(): void {
    const current = new Set(this.nodes('all'));
    for (const node of this.pooled) {
      if (current.has(node)) continue;
      this.pooled.delete(node);
      node.stream?.destroy();
    }
  }

  private stopIncidentPoll(): void {
    clearInterval(this.incidentTimer);
    this.incidentTimer = undefined;
  }

  /**
   * A lost node, a timeout or CLUSTERDOWN: re-read the slot map now (at most once per retry pause). ioredis does
   * this only for "Connection is closed" and CLUSTERDOWN; a hung master (timeouts) would otherwise be followed only
   * on the periodic refresh.
   */
  private refreshSoon(): void {
    const now = Date.now();
    if (now - this.lastErrorRefresh < this.refreshPauseMs || this.status !== 'ready') return;
    this.lastErrorRefresh = now;
    this.refreshSlotsCache();
  }
}

export type HaClusterClient = HaCluster;

type Address = { host: string; port: number };

/** ioredis Cluster options for the resolved HA options (exported for the options test and docs). */
export function toClusterOptions(opts: ResolvedOptions): ClusterOptions {
  const retryDelayOnFailover = opts.retryDelayOnFailoverMs ?? CLUSTER_DEFAULTS.retryDelayOnFailoverMs;
  return {
    redisOptions: {
      username: opts.username,
      password: opts.password,
      tls: opts.tls,
      connectTimeout: opts.connectTimeoutMs,
      // Also set per node, for commands an application sends to a node directly (cluster.nodes()).
      commandTimeout: opts.commandTimeoutMs,
      ...opts.ioredis,
    },
    scaleReads: opts.readFrom === 'replica' ? 'slave' : 'master',
    slotsRefreshInterval: opts.slotsRefreshIntervalMs ?? CLUSTER_DEFAULTS.slotsRefreshIntervalMs,
    slotsRefreshTimeout: opts.slotsRefreshTimeoutMs ?? CLUSTER_DEFAULTS.slotsRefreshTimeoutMs,
    retryDelayOnFailover,
    retryDelayOnClusterDown: retryDelayOnFailover,
    retryDelayOnTryAgain: retryDelayOnFailover,
    // The command timeout bounds a caller's wait; a redirection budget that ran out first would fail commands
    // that a failover finishing within the timeout could still serve.
    maxRedirections: Math.max(16, Math.ceil(opts.commandTimeoutMs / retryDelayOnFailover) + 4),
    // All seed nodes unreachable: keep trying with the same capped backoff as the standalone client.
    clusterRetryStrategy: (attempt) => backoffDelay(attempt, opts.maxBackoffMs),
    enableOfflineQueue: true,
    ...opts.ioredisCluster,
  };
}

/** The cluster branch of `createRedisClient` (options already resolved and validated). */
export function createClusterClient(opts: ResolvedOptions): HaClusterClient {
  const seeds: Address[] = opts.cluster!.map(({ host, port }) => ({ host, port }));
  const poolName = opts.name ?? seeds.map((s) => `${s.host}:${s.port}`).join(',');
  const client = new HaCluster(seeds, toClusterOptions(opts));
  const telemetry = createClusterTelemetry(
    opts.meter ?? metrics.getMeter('redis-lens/ha'),
    poolName,
    () => [
      ...client.nodes('master').map((n) => ({ role: 'master' as const, client: n })),
      ...client.nodes('slave').map((n) => ({ role: 'replica' as const, client: n })),
    ],
    () => offlineQueueLength(client as never),
  );
  const shards = new ShardWatch(telemetry, (slot) => client.slots[slot]?.[0]);
  client.on('refresh', () => {
    telemetry.slotRefresh();
    shards.slotMapRead(client.slots);
  });
  client.on('reconnecting', () => telemetry.reconnecting('master'));
  client.configureHa({
    maxOfflineQueue: opts.maxOfflineQueue,
    commandTimeoutMs: opts.commandTimeoutMs,
    refreshPauseMs: opts.retryDelayOnFailoverMs ?? CLUSTER_DEFAULTS.retryDelayOnFailoverMs,
    incidentPollMs: opts.incidentRefreshMs ?? CLUSTER_DEFAULTS.incidentRefreshMs,
    telemetry,
    shards,
  });
  client.once('end', () => telemetry.close());
  return client;
}
