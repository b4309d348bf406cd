import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { generateCa, startRedis, tempDir, removeDir, type RedisServer } from '../src';

describe('TLS Redis', () => {
  let redis: RedisServer;
  let otherCaDir: string;
  beforeAll(async () => {
    redis = await startRedis({ tls: { requireClientCert: true } });
    otherCaDir = tempDir('other-ca');
  });
  afterAll(async () => {
    await redis?.stop();
    removeDir(otherCaDir);
  });

  it('accepts a client that verifies the server against the right CA and presents its certificate', async () => {
    expect(redis.url()).toMatch(/^rediss:\/\/127\.0\.0\.1:/);
    const client = redis.client();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
  });

  it('rejects a client that trusts a different CA', async () => {
    const wrongCa = generateCa(otherCaDir, 'wrong-ca');
    const certs = redis.certificates!;
    const client = new Redis({
      host: '127.0.0.1',
      port: redis.port,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      tls: {
        ca: readFileSync(wrongCa.cert),
        cert: readFileSync(certs.clientCert),
        key: readFileSync(certs.clientKey),
        servername: 'localhost',
      },
    });
    // ioredis rejects connect() with "Connection is closed"; the TLS reason arrives on the 'error' event.
    const errors: Error[] = [];
    client.on('error', (error: Error) => errors.push(error));
    await expect(client.connect()).rejects.toThrow();
    client.disconnect();
    expect(errors.map((e) => e.message).join('\n')).toMatch(/self.signed|unable to verify|certificate/i);
  });

  it('rejects a client without a certificate when mTLS is required', async () => {
    const certs = redis.certificates!;
    const client = new Redis({
      host: '127.0.0.1',
      port: redis.port,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      tls: { ca: readFileSync(certs.caCert), servername: 'localhost' },
    });
    client.on('error', () => undefined);
    await expect(client.connect().then(() => client.ping())).rejects.toThrow();
    client.disconnect();
  });
});
