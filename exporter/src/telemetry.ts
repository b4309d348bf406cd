import { trace, type Counter, type Histogram, type Meter, type Tracer } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type * as OtlpMetrics from '@opentelemetry/exporter-metrics-otlp-http';
import type * as OtlpTraces from '@opentelemetry/exporter-trace-otlp-http';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import { FamilyProducer } from './producer';

export const EXPORTER_VERSION = '0.1.0';

export interface SelfMetrics {
  scrapes: Counter;
  scrapeDuration: Histogram;
  requestErrors: Counter;
}

export interface Telemetry {
  meterProvider: MeterProvider;
  /** Serves the telemetry path: redis_exporter-compatible text (no scope labels, no target_info). */
  prometheus: PrometheusExporter;
  meter: Meter;
  /** Metrics reported afresh at each collection (the Redis scrape, feature state): add sources here. */
  families: FamilyProducer;
  tracer: Tracer;
  self: SelfMetrics;
  otlpMetrics: boolean;
  otlpTraces: boolean;
  shutdown(): Promise<void>;
}

const has = (env: NodeJS.ProcessEnv, ...names: string[]) => names.some((n) => Boolean(env[n]));

/**
 * The long-lived OTel pipeline. Sources added to `families` (the Redis scrape, feature state) run whenever a
 * reader collects, so /metrics and OTLP push (when OTEL_EXPORTER_OTLP_[METRICS_]ENDPOINT is set) carry the same
 * metrics. Event counters and histograms live on `meter`; they appear on both.
 */
export function createTelemetry(env: NodeJS.ProcessEnv = process.env): Telemetry {
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: 'redis-lens-exporter',
    [ATTR_SERVICE_VERSION]: EXPORTER_VERSION,
  }).merge(detectResources({ detectors: [envDetector] }));
  const families = new FamilyProducer();
  const producers = [families];
  const prometheus = new PrometheusExporter({
    preventServerStart: true,
    withoutScopeInfo: true,
    withoutTargetInfo: true,
    metricProducers: producers,
  });
  const otlpMetrics =
    env.OTEL_METRICS_EXPORTER !== 'none' &&
    has(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  const readers: IMetricReader[] = [prometheus];
  if (otlpMetrics) {
    readers.push(
      new PeriodicExportingMetricReader({
        // Loaded only when configured: the OTLP modules cost memory a Prometheus-only exporter does not need.
        exporter: new (require('@opentelemetry/exporter-metrics-otlp-http') as typeof OtlpMetrics).OTLPMetricExporter(),
        exportIntervalMillis: Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000,
        metricProducers: [families.finiteOnly()],
      }),
    );
  }
  const meterProvider = new MeterProvider({ resource, readers });
  const meter = meterProvider.getMeter('redis-lens-exporter', EXPORTER_VERSION);

  const otlpTraces =
    env.OTEL_TRACES_EXPORTER !== 'none' &&
    has(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  let tracer: Tracer = trace.getTracer('redis-lens-exporter', EXPORTER_VERSION);
  let shutdownTracing = async () => {};
  if (otlpTraces) {
    const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof TraceBase;
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpTraces;
    const tracerProvider = new BasicTracerProvider({
      resource,
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    });
    tracer = tracerProvider.getTracer('redis-lens-exporter', EXPORTER_VERSION);
    shutdownTracing = () => tracerProvider.shutdown();
  }

  const self: SelfMetrics = {
    scrapes: meter.createCounter('redis_exporter_scrapes_total', { description: 'Current total redis scrapes.' }),
    scrapeDuration: meter.createHistogram('redis_exporter_scrape_duration_seconds', {
      description: 'Durations of scrapes by the exporter',
      advice: { explicitBucketBoundaries: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
    }),
    requestErrors: meter.createCounter('redis_target_scrape_request_errors_total', {
      description: 'Errors in requests to the exporter',
    }),
  };
  // Present from the first scrape, as in redis_exporter.
  self.requestErrors.add(0);
  self.scrapes.add(0);
  meter
    .createObservableGauge('redis_exporter_build_info', { description: 'redis-lens exporter build information' })
    .addCallback((r) => r.observe(1, { version: EXPORTER_VERSION, node_version: process.version }));

  return {
    meterProvider,
    prometheus,
    meter,
    families,
    tracer,
    self,
    otlpMetrics,
    otlpTraces,
    async shutdown() {
      await Promise.allSettled([meterProvider.shutdown(), shutdownTracing()]);
    },
  };
}
