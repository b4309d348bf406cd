/**
 * Components of OpenTelemetry Collector contrib 0.157.0 that the bundle may use, by kind, with where each name was
 * checked. Kept short on purpose: a name goes in only after it is confirmed for this version.
 * - otlp receiver: keeps its name (one component for gRPC and HTTP), grafana/docker-otel-lgtm#1434.
 * - otlp_grpc / otlp_http exporters: renamed from otlp / otlphttp in collector v0.144.0
 *   (open-telemetry/opentelemetry-collector#14403, #14397; old names are deprecated aliases).
 * - span_metrics connector: `spanmetrics` is a deprecated alias in contrib v0.157.0 ("use span_metrics instead"),
 *   dynatrace-oss/dynatrace-ai-agent-instrumentation-examples#230.
 * - memory_limiter processor, health_check extension: unchanged snake_case names in the collector/contrib core.
 * - exporter batching: exporterhelper `sending_queue.batch` {flush_timeout, min_size, max_size}, `sizer`.
 */
export const OTELCOL_VERSION = '0.157.0';

export const OTELCOL_COMPONENTS: Record<
  'receivers' | 'processors' | 'exporters' | 'connectors' | 'extensions',
  string[]
> = {
  receivers: ['otlp'],
  processors: ['memory_limiter'],
  exporters: ['otlp_grpc', 'otlp_http', 'debug'],
  connectors: ['span_metrics'],
  extensions: ['health_check'],
};

/** Names that are deprecated aliases in this version: they work but must not be used. */
export const OTELCOL_DEPRECATED = ['otlp (exporter)', 'otlphttp', 'spanmetrics', 'batch'];
