import { trace } from '@opentelemetry/api';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { startRedis, waitFor, type RedisServer } from '@redis-lens/testkit';
import { instrumentIoredis } from '../src/ioredis';
import { CollectingReader } from './otel-harness';

describe('with @opentelemetry/sdk-node (global providers, its own context manager)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('emits spans and metrics through the providers NodeSDK registers', async () => {
    // The span classes NodeSDK bundles (its own sdk-trace version), as its docs show.
    const spans = new tracing.InMemorySpanExporter();
    const reader = new CollectingReader();
    const sdk = new NodeSDK({
      serviceName: 'sdk-node-test',
      spanProcessors: [new tracing.SimpleSpanProcessor(spans)],
      metricReader: reader,
      instrumentations: [],
    });
    sdk.start();
    const instrumentation = instrumentIoredis(); // no providers: uses the globals NodeSDK set
    const client = redis.client();
    await client.ping(); // connected: commands queued before the connection are written outside the caller's span
    try {
      await trace.getTracer('app').startActiveSpan('handle-request', async (span) => {
        await client.set('k', 'v');
        await client.pipeline().get('k').get('k').exec();
        span.end();
      });
      // NodeSDK's resource detectors are asynchronous, so SimpleSpanProcessor exports after they settle.
      await waitFor('spans to be exported', () => spans.getFinishedSpans().length >= 3, { timeoutMs: 10_000 });
      const names = spans.getFinishedSpans().map((s) => s.name);
      expect(names.sort()).toEqual(['PIPELINE', 'SET', 'handle-request']);
      const set = spans.getFinishedSpans().find((s) => s.name === 'SET')!;
      const parent = spans.getFinishedSpans().find((s) => s.name === 'handle-request')!;
      expect(set.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(set.resource.attributes['service.name']).toBe('sdk-node-test');
      const { resourceMetrics } = await reader.collect();
      const duration = resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === 'db.client.operation.duration');
      expect(duration?.dataPoints.map((p) => p.attributes['db.operation.name']).sort()).toEqual(
        expect.arrayContaining(['PIPELINE', 'SET']),
      );
    } finally {
      instrumentation.disable();
      client.disconnect();
      await sdk.shutdown();
    }
  });
});
