import { startRedis, type RedisServer } from '@redis-lens/testkit';
import type Redis from 'ioredis';
import { createRedactionPolicy, renderKey } from '../src/redaction';
import { HotKeyTracker } from '../src/hotkeys';
import { instrumentIoredis } from '../src/ioredis';
import { Zipf, seededRandom } from '../../demo/src/zipf';
import { createHarness, type OtelHarness } from './otel-harness';

describe('client-side hot keys from the ioredis command channel (real redis-server)', () => {
  let redis: RedisServer;
  let client: Redis;
  let otel: OtelHarness;
  const policy = createRedactionPolicy({ hashSecret: 'test-secret', rawPrefixes: ['config:'] });

  beforeAll(async () => {
    redis = await startRedis();
    client = redis.client();
    otel = await createHarness();
  });
  afterAll(async () => {
    client?.disconnect();
    await otel?.shutdown();
    await redis?.stop();
  });

  it('finds the Zipf-hot keys among real GETs, exports them redacted, and counts keys over the threshold', async () => {
    let clock = 1_000_000;
    const tracker = new HotKeyTracker({
      meterProvider: otel.meterProvider,
      redaction: policy,
      autoRotate: false,
      now: () => clock,
      thresholdPerMinute: 600,
    });
    const instrumentation = instrumentIoredis({ meterProvider: otel.meterProvider, tracing: false, hotKeys: tracker });
    try {
      const zipf = new Zipf(2_000, 1.1, seededRandom(11));
      const sessionKey = (rank: number) => `session:${rank.toString(16).padStart(8, '0')}deadbeefcafe${rank}`;
      const pipeline = client.pipeline();
      for (let i = 0; i < 20_000; i++) pipeline.get(sessionKey(zipf.next()));
      for (let i = 0; i < 700; i++) pipeline.hget('config:flags', 'dark-mode'); // ioredis blanks HGET's key: not counted
      for (let i = 0; i < 700; i++) pipeline.get('config:flags:v2');
      await pipeline.exec();
      clock += 60_000; // the whole minute elapsed

      const snapshot = tracker.snapshot();
      expect(snapshot.keys).toHaveLength(10);
      expect(snapshot.keys[0]).toEqual({
        key: renderKey(sessionKey(1), policy).label,
        pattern: 'session:{id}',
        count: expect.any(Number),
        rate: expect.any(Number),
      });
      expect(snapshot.keys[0].count).toBeGreaterThan(2_000);
      expect(snapshot.keys.map((k) => k.key)).toContain('config:flags:v2'); // raw prefix allowed by the operator
      expect(snapshot.overThreshold).toBe(snapshot.keys.filter((k) => k.rate > 600).length);
      expect(snapshot.overThreshold).toBeGreaterThan(0);
      expect(JSON.stringify(snapshot)).not.toContain('deadbeefcafe');

      await otel.reader.collect();
      const rates = otel.points('redislens.hotkey.rate');
      expect(rates).toHaveLength(10);
      expect(rates[0].attributes).toMatchObject({ source: 'client', pattern: expect.any(String) });
      expect(otel.points('redislens.hotkeys.over_threshold')[0].value).toBe(snapshot.overThreshold);
    } finally {
      instrumentation.disable();
      tracker.stop();
    }
  });

  it('survives huge and binary keys: labels stay short and printable', async () => {
    const tracker = new HotKeyTracker({ meterProvider: otel.meterProvider, redaction: policy, autoRotate: false });
    const instrumentation = instrumentIoredis({ meterProvider: otel.meterProvider, tracing: false, hotKeys: tracker });
    try {
      const huge = 'h'.repeat(2_000_000);
      const binary = Buffer.from([0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0x7f]);
      for (let i = 0; i < 5; i++) {
        await client.get(huge);
        await client.getBuffer(binary);
        await client.get('config:\u0000\nline');
      }
      const snapshot = tracker.snapshot();
      expect(snapshot.keys.length).toBeGreaterThanOrEqual(3);
      for (const entry of snapshot.keys) {
        expect(entry.key.length).toBeLessThanOrEqual(200);
        expect(entry.key).not.toMatch(/[\u0000-\u001f\u007f]/);
      }
    } finally {
      instrumentation.disable();
      tracker.stop();
    }
  });
});
