import { driveRates, freePort, releasePort, startRedis, waitFor, type RedisServer } from '@redis-lens/testkit';
import type Redis from 'ioredis';
import type { ExporterFeature } from '../../src/feature';
import { createRedactionPolicy, renderKey } from '@redis-lens/instrument/redaction';
import {
  createServerHotKeysFeature,
  isLfuPolicy,
  parseHotKeysInfo,
  validateHotKeysSettings,
} from '../../src/hotkeys/server';
import { sample, samples, startHarness, type FeatureHarness } from '../support/feature-harness';

const SECRET_ID = '8f14e45fceea167a5a36dedd4bea2543';

describe('parseHotKeysInfo / isLfuPolicy', () => {
  it('reads the policy and the dbs that hold keys', () => {
    const text =
      '# Memory\r\nmaxmemory_policy:allkeys-lfu\r\n# Keyspace\r\ndb0:keys=3,expires=0,avg_ttl=0\r\ndb5:keys=0,expires=0\r\ndb12:keys=1,expires=1,avg_ttl=5\r\n';
    expect(parseHotKeysInfo(text)).toEqual({ policy: 'allkeys-lfu', dbs: [0, 12] });
    expect(parseHotKeysInfo('garbage\u0000\n:::')).toEqual({ dbs: [] });
  });

  it.each([
    ['allkeys-lfu', true],
    ['volatile-lfu', true],
    ['allkeys-lru', false],
    ['noeviction', false],
    [undefined, false],
  ])('%s -> %s', (policy, lfu) => expect(isLfuPolicy(policy)).toBe(lfu));
});

describe('validateHotKeysSettings', () => {
  const good = { enabled: true, topN: 10, intervalMs: 1000, scanCount: 100, maxCycleMs: 50 };
  it('accepts sane settings', () => expect(() => validateHotKeysSettings(good)).not.toThrow());
  it.each([
    ['topN', 0],
    ['topN', 2.5],
    ['intervalMs', -1],
    ['scanCount', NaN],
    ['maxCycleMs', 0],
    ['rateWindowMs', 500],
  ])('names the invalid setting %s=%s', (name, value) => {
    expect(() => validateHotKeysSettings({ ...good, [name]: value })).toThrow(`hotkeys.${name}`);
  });
});

async function startFeature(redis: RedisServer | { port: number }, topN: number) {
  const harness = await startHarness({
    redis: { host: '127.0.0.1', port: redis.port },
    // One session key only: its name is declared (a learned name needs k keys, see redaction.test.ts).
    redaction: createRedactionPolicy({ hashSecret: 'test-secret', patterns: ['session:{id}'] }),
    hotkeys: { enabled: true, topN, intervalMs: 100, scanCount: 500, maxCycleMs: 50 },
  });
  const feature = createServerHotKeysFeature();
  await feature.start(harness.ctx);
  return { harness, feature };
}

describe('server-side hot keys on a real LFU server', () => {
  let redis: RedisServer;
  let client: Redis;
  let harness: FeatureHarness;
  let feature: ExporterFeature;
  const binaryKey = Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0x00, 0xff, 0x0a, 0x7f]);
  const hugeKey = Buffer.concat([Buffer.from('huge:'), Buffer.alloc(100 * 1024, 0x78)]);
  const hot: { db: number; key: Buffer }[] = [
    { db: 0, key: Buffer.from(`session:${SECRET_ID}`) },
    { db: 0, key: Buffer.from('config:flags') },
    { db: 0, key: binaryKey },
    { db: 0, key: hugeKey },
    { db: 3, key: Buffer.from('user:42:profile') },
  ];
  const labelOf = (key: Buffer) => renderKey(key, harness.ctx.redaction).label;

  beforeAll(async () => {
    redis = await startRedis({ maxmemoryPolicy: 'allkeys-lfu' });
    client = redis.client();
    for (const db of [0, 3]) {
      await client.select(db);
      const pipeline = client.pipeline();
      for (let i = 0; i < 2_000; i++) pipeline.set(`cold:${db}:${i}`, 'v');
      await pipeline.exec();
    }
    for (const { db, key } of hot) {
      await client.select(db);
      await client.set(key, 'v');
      const pipeline = client.pipeline();
      // LFU counters grow logarithmically: ~1000 hits lift a key well above a new key's 5.
      for (let i = 0; i < 1_000; i++) pipeline.get(key);
      await pipeline.exec();
    }
    ({ harness, feature } = await startFeature(redis, 5));
  });

  afterAll(async () => {
    await feature?.stop();
    await harness?.close();
    client?.disconnect();
    await redis?.stop();
  });

  it('exports the hottest keys, redacted, binary and 100 KB keys included', async () => {
    await waitFor('the 5 hot keys in /metrics', async () => {
      const text = await harness.metrics();
      return hot.every(({ key }) => (sample(text, 'redis_hotkey_lfu_frequency', { key: labelOf(key) }) ?? 0) > 5);
    });
    const text = await harness.metrics();
    expect(sample(text, 'redis_hotkeys_available', { reason: 'ok' })).toBe(1);
    expect(samples(text, 'redis_hotkey_lfu_frequency')).toHaveLength(5);
    expect(sample(text, 'redis_hotkey_lfu_frequency', { db: '3', key: labelOf(hot[4].key) })).toBeGreaterThan(5);
    expect(sample(text, 'redis_hotkey_lfu_frequency', { pattern: 'session:{id}' })).toBeGreaterThan(5);
    // Key contents never leave the process by default.
    expect(text).not.toContain(SECRET_ID);
    expect(text).not.toContain('x'.repeat(300));
  });

  it('drops a key that disappears', async () => {
    const gone = hot[1];
    await client.select(gone.db);
    await client.del(gone.key);
    await waitFor('the deleted key to leave the top N', async () => {
      return sample(await harness.metrics(), 'redis_hotkey_lfu_frequency', { key: labelOf(gone.key) }) === undefined;
    });
    const text = await harness.metrics();
    expect(sample(text, 'redis_hotkey_lfu_frequency', { key: labelOf(hot[0].key) })).toBeGreaterThan(5);
  });
});

describe('server-side hot keys without LFU', () => {
  it('reports no_lfu_policy, then starts once the policy is LFU', async () => {
    const redis = await startRedis();
    const { harness, feature } = await startFeature(redis, 10);
    try {
      await redis.command('SET', 'k', 'v');
      await waitFor('available{reason="no_lfu_policy"} 0', async () => {
        return sample(await harness.metrics(), 'redis_hotkeys_available', { reason: 'no_lfu_policy' }) === 0;
      });
      await redis.command('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
      await waitFor('available{reason="ok"} 1', async () => {
        return sample(await harness.metrics(), 'redis_hotkeys_available', { reason: 'ok' }) === 1;
      });
      // A reason that no longer holds leaves the output rather than reading 0 beside the current one.
      const text = await harness.metrics();
      expect(sample(text, 'redis_hotkeys_available', { reason: 'no_lfu_policy' })).toBeUndefined();
      expect(samples(text, 'redis_hotkeys_available')).toHaveLength(1);
    } finally {
      await feature.stop();
      await harness.close();
      await redis.stop();
    }
  });

  it('reports error when Redis is unreachable and keeps serving /metrics', async () => {
    const port = await freePort(); // claimed, nothing listens on it
    const { harness, feature } = await startFeature({ port }, 10);
    try {
      await waitFor('available{reason="error"} 0', async () => {
        return sample(await harness.metrics(), 'redis_hotkeys_available', { reason: 'error' }) === 0;
      });
    } finally {
      await feature.stop();
      await harness.close();
      releasePort(port);
    }
  });
});

describe('server-side access rates against ground truth (real Redis, default lfu-log-factor 10, lfu-decay-time 1)', () => {
  it('every estimate lands inside its published band: |estimate − true rate| ≤ 3 × error_ratio × true rate', async () => {
    const redis = await startRedis({ maxmemoryPolicy: 'allkeys-lfu' });
    const client = redis.client();
    const harness = await startHarness({
      redis: { host: '127.0.0.1', port: redis.port },
      hotkeys: { enabled: true, topN: 5, intervalMs: 1000, scanCount: 500, maxCycleMs: 50, rateWindowMs: 120_000 },
    });
    const feature = createServerHotKeysFeature();
    const rates: Record<string, number> = { 'rate:a': 4000, 'rate:b': 1500, 'rate:c': 600 };
    try {
      const pipeline = client.pipeline();
      for (const key of Object.keys(rates)) pipeline.set(key, 'v');
      for (let i = 0; i < 200; i++) pipeline.set(`cold:${i}`, 'v');
      await pipeline.exec();
      await feature.start(harness.ctx);
      await driveRates(client, rates, { durationMs: 50_000 });
      const text = await harness.metrics();
      expect(sample(text, 'redis_hotkey_lfu_settings_info', { origin: 'config_get', lfu_log_factor: '10' })).toBe(1);
      for (const [key, truth] of Object.entries(rates)) {
        const label = renderKey(Buffer.from(key), harness.ctx.redaction).label;
        const estimate = sample(text, 'redis_hotkey_accesses_per_minute', { key: label, source: 'server_estimate' });
        const error = sample(text, 'redis_hotkey_accesses_per_minute_error_ratio', { key: label });
        expect({ key, estimate, error }).toEqual({ key, estimate: expect.any(Number), error: expect.any(Number) });
        expect(Math.abs(estimate! - truth)).toBeLessThanOrEqual(3 * error! * truth);
        // The band is informative: ±50 % (1σ) at most for these rates after 50 s.
        expect(error!).toBeLessThan(0.5);
      }
    } finally {
      await feature.stop();
      await harness.close();
      client.disconnect();
      await redis.stop();
    }
  }, 120_000);

  it('with CONFIG renamed, estimates with Redis defaults and says so', async () => {
    const redis = await startRedis({ maxmemoryPolicy: 'allkeys-lfu', config: ['rename-command CONFIG ""'] });
    const { harness, feature } = await startFeature(redis, 5);
    try {
      await redis.command('SET', 'k', 'v');
      await waitFor('lfu settings assumed', async () => {
        const text = await harness.metrics();
        return sample(text, 'redis_hotkey_lfu_settings_info', { origin: 'assumed_default', lfu_decay_time: '1' }) === 1;
      });
    } finally {
      await feature.stop();
      await harness.close();
      await redis.stop();
    }
  });
});
