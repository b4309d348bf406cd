import type { ViewOptions } from '@opentelemetry/sdk-metrics';

/**
 * OpenTelemetry JS's PrometheusExporter does not append unit suffixes, while the Collector and Prometheus's OTLP
 * receiver do (`db_client_operation_duration_seconds`). Apps that serve `/metrics` straight from the SDK pass these
 * views to their MeterProvider so the names match docs/metrics.md either way. Do not use them on a provider that
 * also exports OTLP to a Collector that adds suffixes.
 */
export function prometheusUnitSuffixViews(): ViewOptions[] {
  return [
    'db.client.operation.duration',
    'redislens.session.validate.duration',
    'redislens.client.failover.recovery',
  ].map((instrumentName) => ({
    instrumentName,
    name: `${instrumentName}_seconds`,
  }));
}
