import { startRedis, type RedisServer } from '@redis-lens/testkit';
import type Redis from 'ioredis';
import { createSessionCache } from '../src/session-cache';
import { instrumentIoredis, type IoredisInstrumentation } from '../src/ioredis';
import { createHarness, type OtelHarness } from './otel-harness';

interface Session {
  user: string;
}

/** The application's own session store (its database), counted so tests can see when Redis was bypassed. */
function sessionStore(count = 100) {
  const sessions = new Map<string, Session>();
  for (let i = 0; i < count; i++) sessions.set(`sid-${i.toString(36)}-0a1b2c3d4e5f6789`, { user: `user${i}` });
  const stats = { loads: 0, inFlight: 0, maxInFlight: 0 };
  const load = async (id: string): Promise<Session | undefined> => {
    stats.loads++;
    stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
    await new Promise((r) => setTimeout(r, 1));
    stats.inFlight--;
    return sessions.get(id);
  };
  return { sessions, ids: [...sessions.keys()], load, stats };
}

describe('session cache (real redis-server)', () => {
  let redis: RedisServer;
  let client: Redis;
  let otel: OtelHarness;
  let instrumentation: IoredisInstrumentation;

  beforeAll(async () => {
    redis = await startRedis();
  });
  beforeEach(async () => {
    client = redis.client({ retryStrategy: () => 50, maxRetriesPerRequest: 0 });
    await client.flushdb();
    otel = await createHarness();
    instrumentation = instrumentIoredis({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });
  });
  afterEach(async () => {
    instrumentation.disable();
    client.disconnect();
    await otel.shutdown();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const options = (store: ReturnType<typeof sessionStore>) => ({
    redis: client,
    load: store.load,
    ttl: 60,
    // Generous: other engineers load this machine, and these tests are not about timeouts.
    breaker: { callTimeoutMs: 2000 },
    tracerProvider: otel.tracerProvider,
    meterProvider: otel.meterProvider,
  });

  it('misses, writes back, then hits; session.validate parents the Redis span; nothing leaks the id', async () => {
    const store = sessionStore(3);
    const cache = createSessionCache(options(store));
    const [id] = store.ids;
    expect(await cache.validate(id)).toEqual({ user: 'user0' });
    expect(await client.ttl(`session:${id}`)).toBeGreaterThan(50);
    expect(await cache.validate(id)).toEqual({ user: 'user0' });
    expect(await cache.validate('no-such-session-0123456789abcdef')).toBeUndefined();
    expect(store.stats.loads).toBe(2);

    const spans = otel.spans.getFinishedSpans();
    const validations = spans.filter((s) => s.name === 'session.validate');
    expect(validations.map((s) => s.attributes['redislens.session.result'])).toEqual(['miss', 'hit', 'miss']);
    const hitSpan = validations[1];
    const get = spans.find((s) => s.name === 'GET' && s.parentSpanContext?.spanId === hitSpan.spanContext().spanId);
    expect(get?.attributes['db.query.text']).toBe('GET ?');
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes]))).not.toContain('0a1b2c3d4e5f');

    await otel.reader.collect();
    expect(otel.counterValue('redislens.session.validations', { result: 'hit' })).toBe(1);
    expect(otel.counterValue('redislens.session.validations', { result: 'miss' })).toBe(2);
    expect(otel.histogramCount('redislens.session.validate.duration')).toBe(3);
    expect(otel.points('redislens.session.breaker.state')[0].value).toBe(0);
    cache.close();
  });

  it('reports a failing load as result=error and rethrows it', async () => {
    const cache = createSessionCache({
      ...options(sessionStore(0)),
      load: async () => {
        throw new Error('database down');
      },
    });
    await expect(cache.validate('x')).rejects.toThrow('database down');
    await otel.reader.collect();
    expect(otel.counterValue('redislens.session.validations', { result: 'error' })).toBe(1);
    cache.close();
  });

  it('rejects an invalid ttl naming the setting', () => {
    expect(() => createSessionCache({ ...options(sessionStore(0)), ttl: 0 })).toThrow(/ttl/);
  });

  it('warms recent sessions in the background with bounded concurrency, then serves them from Redis', async () => {
    const store = sessionStore(120);
    const cache = createSessionCache({ ...options(store), warm: { ids: () => store.ids, concurrency: 3 } });
    expect(await cache.warmed).toEqual({ loaded: 120, missing: 0, failed: 0 });
    expect(store.stats.maxInFlight).toBeLessThanOrEqual(3);
    expect(store.stats.maxInFlight).toBeGreaterThan(1);
    const loadsAfterWarm = store.stats.loads;
    for (const id of store.ids) await cache.validate(id);
    expect(store.stats.loads).toBe(loadsAfterWarm); // every validation was a hit
    await otel.reader.collect();
    expect(otel.counterValue('redislens.session.warm.loaded')).toBe(120);
    expect(otel.points('redislens.session.warm.remaining')[0].value).toBe(0);
    expect(otel.counterValue('redislens.session.validations', { result: 'hit' })).toBe(120);
    cache.close();
  });

  it('survives a Redis SIGKILL and restart with zero failed validations; the breaker opens and closes via half-open', async () => {
    const store = sessionStore(50);
    const cache = createSessionCache({
      ...options(store),
      breaker: { minimumCalls: 5, windowSize: 10, openMs: 300, callTimeoutMs: 100 },
      warm: { ids: store.ids },
    });
    await cache.warmed;
    const failures: string[] = [];
    let validations = 0;
    let stop = false;
    const worker = async (w: number) => {
      // Bounded in count and time.
      for (let i = 0; !stop && i < 20_000; i++) {
        const id = store.ids[(i * 7 + w) % store.ids.length];
        try {
          const session = await cache.validate(id);
          if (session?.user !== store.sessions.get(id)?.user) failures.push(`wrong session for #${i}`);
        } catch (error) {
          failures.push(String(error));
        }
        validations++;
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    try {
      await new Promise((r) => setTimeout(r, 300));
      redis.process.signal('SIGKILL');
      await redis.process.exited;
      await new Promise((r) => setTimeout(r, 1000));
      expect(cache.breaker.state).not.toBe('closed');
      await redis.restart();
      // Wait (bounded) until the breaker has closed again after the restart.
      for (let i = 0; i < 100 && cache.breaker.state !== 'closed'; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      stop = true;
      await Promise.all(workers);
    }
    expect(failures).toEqual([]);
    expect(validations).toBeGreaterThan(200);
    expect(cache.breaker.state).toBe('closed');
    await otel.reader.collect();
    expect(otel.counterValue('redislens.session.validations', { result: 'fallback' })).toBeGreaterThan(0);
    expect(otel.counterValue('redislens.session.validations', { result: 'hit' })).toBeGreaterThan(0);
    expect(otel.counterValue('redislens.session.breaker.transitions', { from: 'closed', to: 'open' })).toBeGreaterThan(
      0,
    );
    expect(
      otel.counterValue('redislens.session.breaker.transitions', { from: 'open', to: 'half-open' }),
    ).toBeGreaterThan(0);
    expect(
      otel.counterValue('redislens.session.breaker.transitions', { from: 'half-open', to: 'closed' }),
    ).toBeGreaterThan(0);
    cache.close();
  });
});
