import { startRedis, type RedisServer } from '@redis-lens/testkit';
import type Redis from 'ioredis';
import { createRedactionPolicy, renderKey } from '../src/redaction';
import { HotKeyTracker, sampleMask } from '../src/hotkeys';
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
        coverage: expect.any(Number),
      });
      // Counted exactly from the first drain on, when the sketch first flagged it (the test's clock stands still
      // while the pipeline runs, so the accesses before that drain fall outside the measured span).
      expect(snapshot.keys[0].count).toBeGreaterThan(1_500);
      expect(snapshot.keys.map((k) => k.key)).toContain('config:flags:v2'); // raw prefix allowed by the operator
      expect(snapshot.overThreshold).toBe(snapshot.keys.filter((k) => k.rate > 600).length);
      expect(snapshot.overThreshold).toBeGreaterThan(0);
      expect(JSON.stringify(snapshot)).not.toContain('deadbeefcafe');

      await otel.reader.collect();
      const rates = otel.points('redislens.hotkey.rate');
      expect(rates).toHaveLength(10);
      expect(rates[0].attributes).toMatchObject({ source: 'client_measured', pattern: expect.any(String) });
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

describe('measured rates of the top 10 on a Zipf(1.1) stream (simulated clock)', () => {
  // Past the first rotation the sketch sees one access in 4 (3,000/s) or in 64 (30,000/s) (sampleMask), while the
  // flagged keys are still counted at every access.
  it.each([3_000, 30_000])(
    'are within ±10 %% of the true rate over the window, with coverage reported (%i accesses/s)',
    (PER_SECOND) => {
      const KEYS = 100_000;
      const END_MS = 95_000;
      let clock = 0;
      const tracker = new HotKeyTracker({
        redaction: createRedactionPolicy({ hashSecret: 's', rawPrefixes: ['k:'] }),
        autoRotate: false,
        now: () => clock,
      });
      const zipf = new Zipf(KEYS, 1.1, seededRandom(5));
      // Accesses per key in the live window at the end: five full sub-windows and the current one, 40 s → 95 s.
      const inWindow = new Map<string, number>();
      try {
        for (let i = 0; clock < END_MS; i++) {
          clock = (i * 1000) / PER_SECOND;
          if (clock > 0 && clock % 10_000 === 0) tracker.rotate();
          const key = `k:${zipf.next()}`;
          tracker.record(key);
          if (clock >= 40_000) inWindow.set(key, (inWindow.get(key) ?? 0) + 1);
        }
        const snapshot = tracker.snapshot();
        const truth = (key: string) => ((inWindow.get(key) ?? 0) * 60_000) / (END_MS - 40_000);
        const trueTop = [...inWindow.keys()].sort((a, b) => truth(b) - truth(a)).slice(0, 10);
        expect(snapshot.keys.map((k) => k.key).sort()).toEqual([...trueTop].sort());
        for (const k of snapshot.keys) {
          expect(Math.abs(k.rate - truth(k.key)) / truth(k.key)).toBeLessThanOrEqual(0.1);
          expect(k.coverage).toBe(1);
        }
      } finally {
        tracker.stop();
      }
    },
  );

  it('samples the sketch and the learner by the traffic of the sub-window that ended', () => {
    expect(sampleMask(8_000, 8_192, 0xff)).toBe(0); // all
    expect(sampleMask(30_000, 8_192, 0xff)).toBe(3); // 1 in 4
    expect(sampleMask(300_000, 8_192, 0xff)).toBe(63); // 1 in 64
    expect(sampleMask(1e9, 8_192, 0xff)).toBe(0xff); // capped
    expect(sampleMask(1_000_000, 256, 0xffff)).toBe(4095);
  });

  it('falls back to the sketch count (coverage 0) for a key not measured for a second yet', () => {
    let clock = 0;
    const tracker = new HotKeyTracker({ redaction: createRedactionPolicy(), autoRotate: false, now: () => clock });
    for (let i = 0; i < 100; i++) tracker.record('only');
    clock = 500;
    const [only] = tracker.snapshot().keys;
    expect(only).toMatchObject({ count: 100, coverage: 0 });
    for (let i = 0; i < 100; i++) tracker.record('only');
    clock = 2_000;
    // Flagged by the first snapshot's drain (t = 500 ms): 100 accesses counted exactly over 1.5 s of 2 s.
    expect(tracker.snapshot().keys[0]).toMatchObject({ count: 100, rate: 4000, coverage: 0.75 });
    tracker.stop();
  });
});
