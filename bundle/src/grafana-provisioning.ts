import { PROMETHEUS_DS_UID, TEMPO_DS_UID, type BundleParams } from './params';

/** Grafana provisioning besides alerting: datasources, the dashboard provider and the app plugin. */
export const PLUGIN_APP_ID = 'redislens-redis-app';
/** Where docker-compose.yml mounts dashboards/ inside the Grafana container. */
export const DASHBOARDS_CONTAINER_PATH = '/var/lib/grafana/dashboards';

export function grafanaDatasources() {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        type: 'prometheus',
        uid: PROMETHEUS_DS_UID,
        access: 'proxy',
        url: 'http://prometheus:9090',
        isDefault: true,
        editable: false,
        jsonData: {
          httpMethod: 'POST',
          prometheusType: 'Prometheus',
          timeInterval: '5s',
          // Tempo's metrics generator labels exemplars `traceID`, OpenTelemetry SDKs `trace_id`: link both.
          exemplarTraceIdDestinations: [
            { name: 'trace_id', datasourceUid: TEMPO_DS_UID },
            { name: 'traceID', datasourceUid: TEMPO_DS_UID },
          ],
        },
      },
      {
        name: 'Tempo',
        type: 'tempo',
        uid: TEMPO_DS_UID,
        access: 'proxy',
        url: 'http://tempo:3200',
        editable: false,
        jsonData: {
          tracesToMetrics: {
            datasourceUid: PROMETHEUS_DS_UID,
            spanStartTimeShift: '-5m',
            spanEndTimeShift: '5m',
            // Prometheus's OTLP receiver turns the resource attribute service.name into the `job` label.
            tags: [{ key: 'service.name', value: 'job' }],
            // `$$` is a literal `$` in provisioning files (a single `$` would expand an environment variable).
            queries: [
              {
                name: 'Span rate',
                query: 'sum(rate(traces_span_metrics_calls_total{$$__tags}[5m]))',
              },
              {
                name: 'Span p95',
                query:
                  'histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket{$$__tags}[5m])))',
              },
            ],
          },
          serviceMap: { datasourceUid: PROMETHEUS_DS_UID },
          nodeGraph: { enabled: true },
          search: { hide: false },
          traceQuery: { timeShiftEnabled: true, spanStartTimeShift: '-5m', spanEndTimeShift: '5m' },
          streamingEnabled: { search: true },
        },
      },
    ],
  };
}

export function grafanaDashboardProvider() {
  return {
    apiVersion: 1,
    providers: [
      {
        name: 'redis-lens',
        orgId: 1,
        folder: 'Redis',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: DASHBOARDS_CONTAINER_PATH, foldersFromFilesStructure: false },
      },
    ],
  };
}

export function grafanaPluginApps(params: Pick<BundleParams, 'hotKeyAccessesPerMinute' | 'memoryFullInSeconds'>) {
  return {
    apiVersion: 1,
    apps: [
      {
        type: PLUGIN_APP_ID,
        org_id: 1,
        disabled: false,
        // The plugin's hot-key and time-to-full thresholds are the alerts' (bundle parameters); operators may change
        // them on the config page.
        jsonData: {
          prometheusUid: PROMETHEUS_DS_UID,
          tempoUid: TEMPO_DS_UID,
          hotKeyRateThreshold: params.hotKeyAccessesPerMinute,
          memoryFullInSeconds: params.memoryFullInSeconds,
        },
      },
    ],
  };
}
