import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { freePort, getText, releasePort } from '@redis-lens/testkit';
import pino from 'pino';
import type { FeatureContext } from '../../src/feature';
import { FamilyProducer } from '../../src/producer';
import { createRedactionPolicy } from '@redis-lens/instrument/redaction';

/**
 * The real OTel pipeline a feature runs in: a MeterProvider with the Prometheus exporter serving /metrics on a
 * loopback port, and a tracer whose finished spans are kept in memory (Tempo/Collector cannot run here).
 */
export interface FeatureHarness {
  ctx: FeatureContext;
  spans: InMemorySpanExporter;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<FeatureContext> = {}): Promise<FeatureHarness> {
  const port = await freePort();
  const families = new FamilyProducer();
  const exporter = new PrometheusExporter({ host: '127.0.0.1', port, metricProducers: [families] });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const ctx: FeatureContext = {
    meter: meterProvider.getMeter('redis-lens-test'),
    addMetrics: (source) => families.add(source),
    tracer: tracerProvider.getTracer('redis-lens-test'),
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    sentinels: [],
    redaction: createRedactionPolicy({ hashSecret: 'test-secret' }),
    hotkeys: { enabled: true, topN: 10, intervalMs: 200, scanCount: 500, maxCycleMs: 50 },
    ...overrides,
  };
  return {
    ctx,
    spans,
    async metrics() {
      const { status, body } = await getText(`http://127.0.0.1:${port}/metrics`);
      if (status !== 200) throw new Error(`/metrics answered ${status}`);
      return body;
    },
    async close() {
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
      releasePort(port);
    },
  };
}

/** Value of the first sample of `name` whose labels include all of `labels` (exact match), or undefined. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

/** Every sample line of `name`. */
export function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}
