import type { Attributes, Meter, ObservableResult } from '@opentelemetry/api';
import type Redis from 'ioredis';
import { errorType } from './errorType';
import { offlineQueueLength } from './haRedis';
import type { Role } from './options';

export interface HaTelemetry {
  /** `attrs` add to the failover attributes (cluster mode: the shard). */
  failoverSeen(attrs?: Attributes): void;
  recovered(seconds: number, attrs?: Attributes): void;
  reconnecting(role: Role): void;
  commandFailed(role: Role, error: Error): void;
  /** Stops observing the clients (the client ended). */
  close(): void;
}

/** Instruments named in docs/metrics.md; `poolName` identifies the client (master name, or host:port). */
export function createHaTelemetry(
  meter: Meter,
  poolName: string,
  masterName: string | undefined,
  clients: () => { role: Role; client: Redis }[],
  cluster?: { queued: () => number },
): HaTelemetry {
  const failovers = meter.createCounter('redislens.client.failovers', {
    description: 'Failovers seen by the client (Sentinel: +switch-master; cluster: a replica took over its slots)',
  });
  const recovery = meter.createHistogram('redislens.client.failover.recovery', {
    description:
      'Failover seen (Sentinel: +switch-master; cluster: first failed command) to the first success on the new master',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] },
  });
  const reconnects = meter.createCounter('redislens.client.reconnects', {
    description: 'Reconnection attempts by the client, per role',
  });
  const commandErrors = meter.createCounter('redislens.client.command.errors', {
    description: 'Commands that failed, per role and error.type (timeouts and READONLY spike during a failover)',
  });
  const connections = meter.createObservableUpDownCounter('db.client.connection.count', {
    description: 'Connections per state (idle, used) and role',
    unit: '{connection}',
  });
  const offlineQueue = meter.createObservableGauge('redislens.client.offline_queue.length', {
    description: 'Commands waiting for a connection, per role',
    unit: '{command}',
  });
  // Cluster mode has no master name: the pool name (seed list) and topology="cluster" identify the client.
  const failoverAttrs: Attributes = cluster
    ? { master_name: poolName, topology: 'cluster' }
    : { master_name: masterName ?? poolName };

  const observeConnections = (result: ObservableResult) => {
    for (const { role, client } of clients()) {
      const ready = client.status === 'ready';
      const used = ready && client.commandQueue.length > 0;
      const base = { 'db.client.connection.pool.name': poolName, 'redislens.role': role };
      result.observe(ready && !used ? 1 : 0, { ...base, 'db.client.connection.state': 'idle' });
      result.observe(used ? 1 : 0, { ...base, 'db.client.connection.state': 'used' });
    }
  };
  const observeQueue = (result: ObservableResult) => {
    // Cluster mode: commands the Cluster holds before a slot owner is known count for the master role.
    let master = cluster?.queued() ?? 0;
    let replica = 0;
    for (const { role, client } of clients()) {
      if (role === 'master') master += offlineQueueLength(client);
      else replica += offlineQueueLength(client);
    }
    result.observe(master, { 'redislens.role': 'master' });
    if (replica || clients().some((c) => c.role === 'replica'))
      result.observe(replica, { 'redislens.role': 'replica' });
  };
  connections.addCallback(observeConnections);
  offlineQueue.addCallback(observeQueue);

  return {
    failoverSeen: (attrs) => failovers.add(1, { ...failoverAttrs, ...attrs }),
    recovered: (seconds, attrs) => recovery.record(seconds, { ...failoverAttrs, ...attrs }),
    reconnecting: (role) => reconnects.add(1, { 'redislens.role': role }),
    commandFailed: (role, error) => commandErrors.add(1, { 'redislens.role': role, 'error.type': errorType(error) }),
    close() {
      connections.removeCallback(observeConnections);
      offlineQueue.removeCallback(observeQueue);
    },
  };
}

export interface ClusterTelemetry extends HaTelemetry {
  redirect(kind: 'moved' | 'ask'): void;
  slotRefresh(): void;
}

/** HA telemetry plus the cluster instruments of docs/metrics.md ("Redis Cluster"). */
export function createClusterTelemetry(
  meter: Meter,
  poolName: string,
  clients: () => { role: Role; client: Redis }[],
  queued: () => number,
): ClusterTelemetry {
  const base = createHaTelemetry(meter, poolName, undefined, clients, { queued });
  const redirects = meter.createCounter('redislens.client.cluster.redirects', {
    description: 'MOVED and ASK redirections the cluster client followed, per kind',
  });
  const refreshes = meter.createCounter('redislens.client.cluster.slot_refreshes', {
    description: 'Slot map re-reads (CLUSTER SLOTS) the cluster client completed',
  });
  return {
    ...base,
    redirect: (kind) => redirects.add(1, { kind }),
    slotRefresh: () => refreshes.add(1),
  };
}
