import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { prometheusUnitSuffixViews } from '@redis-lens/instrument';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/**
 * The demo's OpenTelemetry wiring: OTLP/HTTP (traces + metrics) when an endpoint is given, a Prometheus `/metrics`
 * endpoint when a port is given (both may be on). Providers are returned, not registered globally, so tests can run
 * several in one process.
 */

export interface DemoTelemetryOptions {
  serviceName?: string;
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces`, `/v1/metrics` are appended). */
  otlpEndpoint?: string;
  /** Serve Prometheus `/metrics` on 127.0.0.1:<port>. */
  prometheusPort?: number;
  prometheusHost?: string;
  /** Share of root traces sampled (0..1). Default 1. */
  sampleRatio?: number;
  metricExportIntervalMs?: number;
  extraSpanProcessors?: SpanProcessor[];
}

export interface DemoTelemetry {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  metricsUrl?: string;
  shutdown(): Promise<void>;
}

export async function setupDemoTelemetry(options: DemoTelemetryOptions): Promise<DemoTelemetry> {
  // The request span is made active with context.with(); without a context manager nothing is active inside it, so
  // the ioredis instrumentation saw no parent and made no Redis spans (and the span-metric panels had nothing).
  // A no-op when one is registered already (setGlobalContextManager refuses a second).
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const resource = resourceFromAttributes({ 'service.name': options.serviceName ?? 'redis-lens-demo' });
  const spanProcessors: SpanProcessor[] = [...(options.extraSpanProcessors ?? [])];
  const readers: MetricReader[] = [];
  const endpoint = options.otlpEndpoint?.replace(/\/+$/, '');
  if (endpoint) {
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` })));
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics` }),
        exportIntervalMillis: options.metricExportIntervalMs ?? 10_000,
      }),
    );
  }
  let metricsUrl: string | undefined;
  if (options.prometheusPort !== undefined) {
    const host = options.prometheusHost ?? '127.0.0.1';
    const prometheus = await new Promise<PrometheusExporter>((resolve, reject) => {
      const exporter: PrometheusExporter = new PrometheusExporter(
        { host, port: options.prometheusPort, endpoint: '/metrics' },
        (error) => (error ? reject(error) : resolve(exporter)),
      );
    });
    readers.push(prometheus);
    metricsUrl = `http://${host}:${options.prometheusPort}/metrics`;
  }
  const sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) });
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors, sampler });
  // Prometheus-only: name histograms with their unit suffix, as a Collector would (docs/metrics.md names).
  const views = endpoint ? [] : prometheusUnitSuffixViews();
  const meterProvider = new MeterProvider({ resource, readers, views });
  return {
    tracerProvider,
    meterProvider,
    metricsUrl,
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
