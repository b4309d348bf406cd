import { hasSubscribers } from 'node:diagnostics_channel';
import { context, trace, TraceFlags, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { startRedis, type RedisServer } from '@redis-lens/testkit';
import type Redis from 'ioredis';
import { instrumentIoredis, type IoredisInstrumentation } from '../src/ioredis';
import { createHarness, settle, type OtelHarness } from './otel-harness';

const SECRET_KEY = 'session:6f1c2d9e8a7b4c3d2e1f0a9b8c7d6e5f';

describe('ioredis instrumentation (real redis-server)', () => {
  let redis: RedisServer;
  let client: Redis;
  let otel: OtelHarness;
  let instrumentation: IoredisInstrumentation;

  beforeAll(async () => {
    redis = await startRedis();
    client = redis.client();
    await client.ping();
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  beforeEach(async () => {
    otel = await createHarness();
    instrumentation = instrumentIoredis({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });
  });
  afterEach(async () => {
    instrumentation.disable();
    await otel.shutdown();
  });

  /** Runs `fn` in a parent span; returns once the instrumentation has emitted (it emits on the next setImmediate). */
  const inSpan = <T>(fn: () => Promise<T>): Promise<T> =>
    otel.tracerProvider.getTracer('test').startActiveSpan('parent', async (span) => {
      try {
        return await fn();
      } finally {
        span.end();
        await settle();
      }
    });
  const redisSpans = () => otel.spans.getFinishedSpans().filter((s) => s.name !== 'parent');

  it('gives a single command a CLIENT span with stable semconv attributes and no argument values', async () => {
    await inSpan(() => client.set(SECRET_KEY, 'secret-value'));
    await inSpan(() => client.get(SECRET_KEY));
    const [set, get] = redisSpans();
    const parent = otel.spans.getFinishedSpans().filter((s) => s.name === 'parent')[1];
    expect(get.name).toBe('GET');
    expect(get.kind).toBe(SpanKind.CLIENT);
    expect(get.parentSpanContext?.traceId).toBe(parent.spanContext().traceId);
    expect(get.attributes).toEqual({
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      'db.query.text': 'GET ?',
      'db.namespace': '0',
      'server.address': '127.0.0.1',
      'server.port': redis.port,
    });
    expect(set.attributes['db.query.text']).toBe('SET ? ?');
    expect(JSON.stringify(otel.spans.getFinishedSpans().map((s) => s.attributes))).not.toContain('6f1c2d9e');

    await otel.reader.collect();
    expect(otel.histogramCount('db.client.operation.duration', { 'db.operation.name': 'GET' })).toBe(1);
    const [point] = otel.points('db.client.operation.duration');
    expect(point.attributes).toMatchObject({ 'db.system.name': 'redis', 'server.port': redis.port });
  });

  it('records metrics but no span without a parent (requireParentSpan default) or under an unsampled parent', async () => {
    await client.get('no-parent');
    const unsampled = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.NONE,
    });
    await context.with(unsampled, () => client.get('unsampled'));
    expect(redisSpans()).toHaveLength(0);
    await otel.reader.collect();
    expect(otel.histogramCount('db.client.operation.duration', { 'db.operation.name': 'GET' })).toBe(2);
  });

  it('traces root commands when requireParentSpan is false', async () => {
    instrumentation.disable();
    instrumentation = instrumentIoredis({
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
      requireParentSpan: false,
    });
    await client.incr('counter');
    await settle();
    expect(redisSpans().map((s) => s.name)).toEqual(['INCR']);
  });

  it('makes a pipeline one PIPELINE span with db.operation.batch.size', async () => {
    await inSpan(async () => {
      const pipeline = client.pipeline();
      for (let i = 0; i < 5; i++) pipeline.set(`p:${i}`, String(i));
      pipeline.get('p:0');
      await pipeline.exec();
    });
    const spans = redisSpans();
    expect(spans.map((s) => s.name)).toEqual(['PIPELINE']);
    expect(spans[0].attributes['db.operation.batch.size']).toBe(6);
    expect(spans[0].attributes['db.query.text']).toBe('SET ? ?; SET ? ?; SET ? ?; SET ? ?; SET ? ?; GET ?');
    await otel.reader.collect();
    expect(otel.histogramCount('db.client.operation.duration', { 'db.operation.name': 'PIPELINE' })).toBe(1);
    expect(otel.histogramCount('db.client.operation.duration', { 'db.operation.name': 'SET' })).toBe(0);
  });

  it("caps a long pipeline's db.query.text at 16 commands and still counts them all", async () => {
    await inSpan(async () => {
      const pipeline = client.pipeline();
      for (let i = 0; i < 20; i++) pipeline.incr(`long:${i}`);
      await pipeline.exec();
    });
    const [span] = redisSpans();
    expect(span.attributes['db.operation.batch.size']).toBe(20);
    expect(span.attributes['db.query.text']).toBe(Array(16).fill('INCR ?').join('; ') + '; …');
  });

  it('makes MULTI … EXEC one MULTI span from the ioredis:batch channel', async () => {
    const result = await inSpan(() => client.multi().set('m:1', 'a').incr('m:n').exec());
    expect(result).toHaveLength(2);
    const spans = redisSpans();
    expect(spans.map((s) => s.name)).toEqual(['MULTI']);
    expect(spans[0].attributes['db.operation.batch.size']).toBe(2);
    expect(spans[0].attributes['db.query.text']).toBe('SET ? ?; INCR ?');
  });

  it('records server errors with error.type and ERROR status, never the message', async () => {
    await client.set('a-string', 'x');
    await expect(inSpan(() => client.lpush('a-string', SECRET_KEY))).rejects.toThrow(/WRONGTYPE/);
    await expect(inSpan(() => client.call('NOSUCHCMD', SECRET_KEY))).rejects.toThrow(/unknown command/);
    const [wrongType, unknown] = redisSpans();
    expect(wrongType.status).toEqual({ code: SpanStatusCode.ERROR, message: 'WRONGTYPE' });
    expect(wrongType.attributes['error.type']).toBe('WRONGTYPE');
    expect(unknown.attributes['error.type']).toBe('ERR');
    expect(unknown.events).toHaveLength(0);
    expect(JSON.stringify(redisSpans().map((s) => [s.attributes, s.status]))).not.toContain('6f1c2d9e');
    await otel.reader.collect();
    expect(otel.histogramCount('db.client.operation.duration', { 'error.type': 'WRONGTYPE' })).toBe(1);
  });

  it('keeps working through a server kill and restart, counting failed and successful reconnects', async () => {
    const fragile = redis.client({ maxRetriesPerRequest: 0, retryStrategy: () => 100 });
    try {
      await fragile.ping();
      // A command in flight when the server dies is traced with its error; commands issued while disconnected
      // are rejected by ioredis before they are written, and ioredis traces only the write path.
      const inFlight = inSpan(() => fragile.blpop('never-filled', 5));
      await new Promise((r) => setTimeout(r, 50));
      redis.process.signal('SIGKILL');
      await redis.process.exited;
      await expect(inFlight).rejects.toThrow();
      await expect(inSpan(() => fragile.get('during-outage'))).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 300)); // a few reconnect attempts fail
      await redis.restart();
      // Commands queued while offline are written (and traced) at reconnect time, outside the caller's span, so
      // wait for the reconnect before issuing the traced command.
      for (let i = 0; i < 100 && fragile.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 50));
      await inSpan(() => fragile.get('after-restart'));
      await otel.reader.collect();
      expect(otel.counterValue('redislens.client.connects', { outcome: 'error' })).toBeGreaterThan(0);
      expect(otel.counterValue('redislens.client.connects', { outcome: 'ok' })).toBeGreaterThan(0);
      const blpop = redisSpans().find((s) => s.name === 'BLPOP');
      expect(blpop?.status.code).toBe(SpanStatusCode.ERROR);
      expect(blpop?.attributes['error.type']).toEqual(expect.any(String));
      const gets = redisSpans().filter((s) => s.name === 'GET');
      expect(gets.some((s) => s.status.code === SpanStatusCode.UNSET)).toBe(true);
    } finally {
      fragile.disconnect();
      // The shared client reconnects by itself; make sure it is back before the next test.
      await client.ping();
    }
  });

  it('unsubscribes on disable, so ioredis skips tracing entirely', async () => {
    expect(hasSubscribers('tracing:ioredis:command:start')).toBe(true);
    instrumentation.disable();
    expect(hasSubscribers('tracing:ioredis:command:start')).toBe(false);
    await inSpan(() => client.get('off'));
    expect(redisSpans()).toHaveLength(0);
  });
});
