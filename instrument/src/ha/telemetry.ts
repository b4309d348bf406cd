import type { Meter, ObservableResult } from '@opentelemetry/api';
import type Redis from 'ioredis';
import { errorType } from './errorType';
import { offlineQueueLength } from './haRedis';
import type { Role } from './options';

export interface HaTelemetry {
  failoverSeen(): void;
  recovered(seconds: number): void;
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
): HaTelemetry {
  const failovers = meter.createCounter('redislens.client.failovers', {
    description: 'Sentinel failovers (+switch-master) seen by the client',
  });
  const recovery = meter.createHistogram('redislens.client.failover.recovery', {
    description: '+switch-master seen to the first successful command on the new master',
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
  const failoverAttrs = { master_name: masterName ?? poolName };

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
    for (const { role, client } of clients()) result.observe(offlineQueueLength(client), { 'redislens.role': role });
  };
  connections.addCallback(observeConnections);
  offlineQueue.addCallback(observeQueue);

  return {
    failoverSeen: () => failovers.add(1, failoverAttrs),
    recovered: (seconds) => recovery.record(seconds, failoverAttrs),
    reconnecting: (role) => reconnects.add(1, { 'redislens.role': role }),
    commandFailed: (role, error) => commandErrors.add(1, { 'redislens.role': role, 'error.type': errorType(error) }),
    close() {
      connections.removeCallback(observeConnections);
      offlineQueue.removeCallback(observeQueue);
    },
  };
}
