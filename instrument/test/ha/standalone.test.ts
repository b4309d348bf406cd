// Standalone and TLS modes against a real redis-server: timeouts and the bounded offline queue.
import { readFileSync } from 'node:fs';
import { startRedis, waitFor, type RedisServer } from '@redis-lens/testkit';
import { createRedisClient, HaConfigError, OfflineQueueFullError } from '../../src/ha';
import { createMetricsProbe } from './metricReader';

describe('HA client, standalone', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedis({ password: 'standalone-secret' });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('rejects bad settings by name before connecting', () => {
    expect(() => createRedisClient({ host: '127.0.0.1', port: redis.port, commandTimeoutMs: -5 })).toThrow(
      HaConfigError,
    );
  });

  it('bounds the offline queue and every wait while the server is gone, then recovers', async () => {
    const probe = createMetricsProbe();
    const client = createRedisClient({
      host: redis.host,
      port: redis.port,
      password: 'standalone-secret',
      maxOfflineQueue: 5,
      commandTimeoutMs: 1_000,
      meter: probe.provider.getMeter('ha-standalone-test'),
    });
    client.on('error', () => undefined);
    try {
      expect(await client.ping()).toBe('PONG');
      await redis.process.stop();
      await waitFor('client to notice', async () => client.status !== 'ready');

      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => client.set(`q:${i}`, 'v')));
      const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as Error) : undefined));
      expect(reasons.filter((e) => e instanceof OfflineQueueFullError)).toHaveLength(3);
      // The 5 queued commands fail with the command timeout instead of waiting for a server that is not coming.
      expect(reasons.filter((e) => e?.message === 'Command timed out')).toHaveLength(5);
      expect(await probe.sum('redislens.client.command.errors', { 'error.type': 'OfflineQueueFullError' })).toBe(3);
      expect(await probe.sum('redislens.client.command.errors', { 'error.type': 'timeout' })).toBe(5);

      await redis.restart();
      await waitFor('reconnect', async () => (await client.ping()) === 'PONG', { timeoutMs: 15_000 });
      expect(await probe.sum('redislens.client.reconnects')).toBeGreaterThan(0);
    } finally {
      client.disconnect();
      await probe.provider.shutdown();
    }
  });
});

describe('HA client, TLS', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis({ tls: { requireClientCert: true } });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('connects with client certificates', async () => {
    const certs = redis.certificates!;
    const client = createRedisClient({
      host: redis.host,
      port: redis.port,
      tls: {
        ca: readFileSync(certs.caCert),
        cert: readFileSync(certs.clientCert),
        key: readFileSync(certs.clientKey),
        servername: 'localhost',
      },
    });
    try {
      expect(await client.set('tls:key', 'v')).toBe('OK');
      expect(await client.get('tls:key')).toBe('v');
    } finally {
      client.disconnect();
    }
  });
});
