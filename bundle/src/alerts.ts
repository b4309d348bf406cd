/**
 * The one alert catalog. Grafana alerting provisioning and the Prometheus rule file are both generated from it, so a
 * threshold changes in one place. Each alert is `query comparator threshold`: Prometheus evaluates it as one PromQL
 * expression, Grafana as query → reduce(last) → threshold, which means the same thing.
 *
 * Annotations may only template `{{ $labels.<name> }}`: Prometheus and Grafana expand it the same way.
 * Metric names come from docs/metrics.md.
 */
import { CLUSTER_ALERTS } from './cluster-alerts';
import { MEMORY_ALERTS, memoryFullInAlert } from './memory-alerts';
import type { BundleParams } from './params';

export type Severity = 'critical' | 'warning';
export type Comparator = '>' | '<';

export interface AlertDefinition {
  /** PascalCase alert name, also the runbook file name (docs/runbooks/<name>.md). */
  name: string;
  /** PromQL returning the value the threshold applies to. */
  query: string;
  comparator: Comparator;
  threshold: number;
  /** Prometheus duration the condition must hold before the alert fires. */
  for: string;
  severity: Severity;
  summary: string;
  description: string;
}

/**
 * The old platform paged on a key above 1,000 accesses per minute. The shipped value of
 * the bundle parameter `hotKeyAccessesPerMinute`, which the RedisHotKey rule and the plugin's hot-key views share.
 */
export const HOT_KEY_ACCESSES_PER_MINUTE = 1000;

/**
 * RedisHotKey: one threshold in accesses/min whichever source saw the key — the exporter's estimate from the LFU
 * counter (`redis_hotkey_accesses_per_minute{source="server_estimate"}`) or the library's measured rate
 * (`redislens_hotkey_rate{source="client_measured"}`).
 */
export function hotKeyAlert(perMinute: number): AlertDefinition {
  return {
    name: 'RedisHotKey',
    query: 'max by (instance, pattern, source) (redis_hotkey_accesses_per_minute or redislens_hotkey_rate)',
    comparator: '>',
    threshold: perMinute,
    for: '2m',
    severity: 'warning',
    summary: 'Hot key pattern {{ $labels.pattern }}',
    description: `A key matching {{ $labels.pattern }} is accessed more than ${perMinute} times per minute for 2 minutes ({{ $labels.source }} on {{ $labels.instance }}).`,
  };
}
/** Session validation SLO: p99 under 50 ms. */
export const SESSION_VALIDATE_P99_SLO_SECONDS = 0.05;

export const ALERTS: readonly AlertDefinition[] = [
  {
    name: 'RedisDown',
    query: 'redis_up',
    comparator: '<',
    threshold: 1,
    // A failed connection is unambiguous; waiting longer only delays the page (see bench/alerting.bench.ts).
    for: '0s',
    severity: 'critical',
    summary: 'Redis {{ $labels.instance }} is down',
    description: 'The exporter at {{ $labels.instance }} cannot reach Redis (redis_up is 0).',
  },
  {
    name: 'RedisNoMaster',
    // `or vector(0)`: with no master at all, count() would return nothing instead of 0.
    // Cluster nodes (redis_mode="cluster") are many masters by design; the cluster alerts watch them.
    // `unless absent(…)`: a deployment with only Redis Cluster has no replication group to miss a master.
    query:
      '(count(redis_instance_info{role="master",redis_mode!="cluster"}) or vector(0)) unless on () absent(redis_instance_info{redis_mode!="cluster"})',
    comparator: '<',
    threshold: 1,
    for: '1m',
    severity: 'critical',
    summary: 'No Redis master',
    description: 'No scraped Redis reports role=master for 1 minute: writes fail until a failover completes.',
  },
  {
    name: 'RedisTooManyMasters',
    query: 'count(redis_instance_info{role="master",redis_mode!="cluster"})',
    comparator: '>',
    threshold: 1,
    for: '1m',
    severity: 'critical',
    summary: 'More than one Redis master',
    description: 'Several scraped Redis instances report role=master for 1 minute: a split brain loses writes.',
  },
  {
    name: 'RedisReplicaLinkDown',
    query: 'redis_master_link_up',
    comparator: '<',
    threshold: 1,
    for: '1m',
    severity: 'warning',
    summary: 'Replica {{ $labels.instance }} lost its master link',
    description: 'Replica {{ $labels.instance }} has no replication link to its master for 1 minute.',
  },
  {
    name: 'RedisReplicationLag',
    query: 'max by (instance, slave_ip, slave_port) (redis_connected_slave_lag_seconds)',
    comparator: '>',
    threshold: 10,
    for: '2m',
    severity: 'warning',
    summary: 'Replica {{ $labels.slave_ip }}:{{ $labels.slave_port }} lags its master',
    description:
      'Master {{ $labels.instance }} last heard from replica {{ $labels.slave_ip }}:{{ $labels.slave_port }} more than 10 s ago, for 2 minutes.',
  },
  {
    name: 'RedisFailoverHappened',
    query: 'time() - max by (master_name) (redis_sentinel_last_failover_timestamp_seconds)',
    comparator: '<',
    threshold: 300,
    for: '0s',
    severity: 'warning',
    summary: 'Sentinel failed over {{ $labels.master_name }}',
    description: 'Sentinel promoted a new master for {{ $labels.master_name }} in the last 5 minutes.',
  },
  {
    name: 'RedisFailoverFlapping',
    // changes() of the last-failover timestamp counts failovers without the counter-reset and new-series gaps of increase().
    query: 'max by (master_name) (changes(redis_sentinel_last_failover_timestamp_seconds[30m]))',
    comparator: '>',
    threshold: 2,
    for: '0s',
    severity: 'critical',
    summary: '{{ $labels.master_name }} is failing over repeatedly',
    description: 'Sentinel failed over {{ $labels.master_name }} 3 or more times in 30 minutes.',
  },
  {
    name: 'RedisSentinelQuorumLost',
    query: 'min by (master_name) (redis_sentinel_master_ckquorum_status)',
    comparator: '<',
    threshold: 1,
    for: '30s',
    severity: 'critical',
    summary: 'Sentinel quorum lost for {{ $labels.master_name }}',
    description:
      'SENTINEL CKQUORUM fails for {{ $labels.master_name }}: too few Sentinels agree, so no failover can be authorised.',
  },
  ...MEMORY_ALERTS,
  {
    name: 'RedisRejectedConnections',
    query: 'sum by (instance) (increase(redis_rejected_connections_total[5m]))',
    comparator: '>',
    threshold: 0,
    for: '0s',
    severity: 'critical',
    summary: 'Redis {{ $labels.instance }} rejects connections',
    description: 'Redis {{ $labels.instance }} refused client connections in the last 5 minutes (maxclients reached).',
  },
  hotKeyAlert(HOT_KEY_ACCESSES_PER_MINUTE),
  {
    name: 'SessionCircuitBreakerOpen',
    // redislens_session_breaker_state: 0 closed, 1 half-open, 2 open.
    query: 'max by (job, instance) (redislens_session_breaker_state)',
    comparator: '>',
    threshold: 1,
    for: '1m',
    severity: 'critical',
    summary: 'Session cache circuit breaker open on {{ $labels.instance }}',
    description:
      'The session cache on {{ $labels.instance }} has stopped calling Redis for 1 minute and serves sessions from its fallback.',
  },
  {
    name: 'SessionValidationLatencyOverSLO',
    query: 'histogram_quantile(0.99, sum by (job, le) (rate(redislens_session_validate_duration_seconds_bucket[5m])))',
    comparator: '>',
    threshold: SESSION_VALIDATE_P99_SLO_SECONDS,
    for: '10m',
    severity: 'warning',
    summary: 'Session validation p99 over SLO in {{ $labels.job }}',
    description: `Session validation p99 in {{ $labels.job }} is above ${SESSION_VALIDATE_P99_SLO_SECONDS * 1000} ms for 10 minutes.`,
  },
  {
    name: 'RedisExporterDown',
    // Without the exporter redis_up disappears instead of turning 0, so RedisDown alone would stay silent.
    query: 'up{job="redis"}',
    comparator: '<',
    threshold: 1,
    for: '1m',
    severity: 'critical',
    summary: 'Redis exporter {{ $labels.instance }} is unreachable',
    description:
      'Prometheus cannot scrape the exporter at {{ $labels.instance }} for 1 minute: Redis there is unmonitored.',
  },
  {
    name: 'RedisExporterScrapeErrors',
    query: 'redis_exporter_last_scrape_error',
    comparator: '>',
    threshold: 0,
    for: '5m',
    severity: 'warning',
    summary: 'Exporter {{ $labels.instance }} fails to scrape Redis',
    description:
      'The exporter at {{ $labels.instance }} reported a scrape error for 5 minutes; dashboards are incomplete.',
  },
  ...CLUSTER_ALERTS,
];

/** The catalog with the bundle parameters applied (the hot-key and time-to-full thresholds). */
export function alertsFor(
  params: Pick<BundleParams, 'hotKeyAccessesPerMinute' | 'memoryFullInSeconds'>,
): readonly AlertDefinition[] {
  return ALERTS.map((a) =>
    a.name === 'RedisHotKey'
      ? hotKeyAlert(params.hotKeyAccessesPerMinute)
      : a.name === 'RedisMemoryFullIn'
        ? memoryFullInAlert(params.memoryFullInSeconds)
        : a,
  );
}

/** The PromQL expression Prometheus evaluates. */
export function alertExpr(alert: AlertDefinition): string {
  // Comparisons bind tighter than `or`/`and`/`unless`, so such a query is parenthesised before the comparison.
  const query = /\b(or|and|unless)\b/.test(alert.query) ? `(${alert.query})` : alert.query;
  return `${query} ${alert.comparator} ${alert.threshold}`;
}

/** Where the runbook lives in the repository; `runbook_url` opens it in the app plugin (runbook-url.ts). */
export function runbookPath(alert: AlertDefinition): string {
  return `docs/runbooks/${alert.name}.md`;
}
