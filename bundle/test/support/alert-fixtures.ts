/**
 * For every alert in the catalog: input series that must make it fire, series that must keep it silent, and the
 * labels the firing alert carries. `promtool test rules` runs them (alert-rules.test.ts). Sample interval 15s;
 * values use promtool's expanding notation (`1x20` = 21 samples of 1, `0+10x40` = 0, 10, 20 …).
 */
export interface Series {
  series: string;
  values: string;
}

export interface AlertFixture {
  evalTime: string;
  fault: Series[];
  healthy: Series[];
  /** Labels of the firing alert, besides alertname and severity. */
  labels: Record<string, string>;
}

import { CLUSTER_ALERT_FIXTURES } from './cluster-alert-fixtures';

const redis = 'instance="redis-1:9121",job="redis"';
const app = 'instance="app-1:9464",job="app"';

const histogram = (buckets: Record<string, string>): Series[] =>
  Object.entries(buckets).map(([le, values]) => ({
    series: `redislens_session_validate_duration_seconds_bucket{${app},result="hit",le="${le}"}`,
    values,
  }));

export const ALERT_FIXTURES: Record<string, AlertFixture> = {
  RedisDown: {
    evalTime: '1m',
    fault: [{ series: `redis_up{${redis}}`, values: '1 0x20' }],
    healthy: [{ series: `redis_up{${redis}}`, values: '1x20' }],
    labels: { instance: 'redis-1:9121', job: 'redis' },
  },
  RedisNoMaster: {
    evalTime: '2m',
    fault: [{ series: `redis_instance_info{${redis},role="slave"}`, values: '1x20' }],
    healthy: [
      { series: `redis_instance_info{${redis},role="slave"}`, values: '1x20' },
      { series: 'redis_instance_info{instance="redis-2:9121",job="redis",role="master"}', values: '1x20' },
    ],
    labels: {},
  },
  RedisTooManyMasters: {
    evalTime: '2m',
    fault: [
      { series: `redis_instance_info{${redis},role="master"}`, values: '1x20' },
      { series: 'redis_instance_info{instance="redis-2:9121",job="redis",role="master"}', values: '1x20' },
    ],
    healthy: [
      { series: `redis_instance_info{${redis},role="master"}`, values: '1x20' },
      { series: 'redis_instance_info{instance="redis-2:9121",job="redis",role="slave"}', values: '1x20' },
      // Redis Cluster masters are many by design.
      {
        series: 'redis_instance_info{instance="127.0.0.1:7001",job="redis-cluster",redis_mode="cluster",role="master"}',
        values: '1x20',
      },
      {
        series: 'redis_instance_info{instance="127.0.0.1:7002",job="redis-cluster",redis_mode="cluster",role="master"}',
        values: '1x20',
      },
    ],
    labels: {},
  },
  RedisReplicaLinkDown: {
    evalTime: '2m',
    fault: [{ series: `redis_master_link_up{${redis}}`, values: '0x20' }],
    healthy: [{ series: `redis_master_link_up{${redis}}`, values: '1x20' }],
    labels: { instance: 'redis-1:9121', job: 'redis' },
  },
  RedisReplicationLag: {
    evalTime: '3m',
    fault: [
      {
        series: `redis_connected_slave_lag_seconds{${redis},slave_ip="10.0.0.2",slave_port="6379",slave_state="online"}`,
        values: '30x20',
      },
    ],
    healthy: [
      {
        series: `redis_connected_slave_lag_seconds{${redis},slave_ip="10.0.0.2",slave_port="6379",slave_state="online"}`,
        values: '1x20',
      },
    ],
    labels: { instance: 'redis-1:9121', slave_ip: '10.0.0.2', slave_port: '6379' },
  },
  RedisFailoverHappened: {
    // time() is 600 at 10m: a failover at t=500 s is recent, one never seen (0) is not.
    evalTime: '10m',
    fault: [
      {
        series: 'redis_sentinel_last_failover_timestamp_seconds{instance="s1:9121",master_name="mymaster"}',
        values: '500x60',
      },
    ],
    healthy: [
      {
        series: 'redis_sentinel_last_failover_timestamp_seconds{instance="s1:9121",master_name="mymaster"}',
        values: '0x60',
      },
    ],
    labels: { master_name: 'mymaster' },
  },
  RedisFailoverFlapping: {
    evalTime: '5m',
    fault: [
      {
        series: 'redis_sentinel_last_failover_timestamp_seconds{instance="s1:9121",master_name="mymaster"}',
        values: '0 0 30 30 60 60 90x20',
      },
    ],
    healthy: [
      {
        series: 'redis_sentinel_last_failover_timestamp_seconds{instance="s1:9121",master_name="mymaster"}',
        values: '0 0 30x20',
      },
    ],
    labels: { master_name: 'mymaster' },
  },
  RedisSentinelQuorumLost: {
    evalTime: '2m',
    fault: [
      { series: 'redis_sentinel_master_ckquorum_status{instance="s1:9121",master_name="mymaster"}', values: '0x20' },
      { series: 'redis_sentinel_master_ckquorum_status{instance="s2:9121",master_name="mymaster"}', values: '1x20' },
    ],
    healthy: [
      { series: 'redis_sentinel_master_ckquorum_status{instance="s1:9121",master_name="mymaster"}', values: '1x20' },
      { series: 'redis_sentinel_master_ckquorum_status{instance="s2:9121",master_name="mymaster"}', values: '1x20' },
    ],
    labels: { master_name: 'mymaster' },
  },
  RedisMemoryNearMaxmemory: {
    evalTime: '7m',
    fault: [
      { series: `redis_memory_used_bytes{${redis}}`, values: '95x40' },
      { series: `redis_memory_max_bytes{${redis}}`, values: '100x40' },
    ],
    healthy: [
      { series: `redis_memory_used_bytes{${redis}}`, values: '50x40' },
      { series: `redis_memory_max_bytes{${redis}}`, values: '100x40' },
      // maxmemory 0 means "no limit": never near it.
      { series: 'redis_memory_used_bytes{instance="redis-2:9121",job="redis"}', values: '95x40' },
      { series: 'redis_memory_max_bytes{instance="redis-2:9121",job="redis"}', values: '0x40' },
    ],
    labels: { instance: 'redis-1:9121', job: 'redis' },
  },
  RedisMemoryFullIn: {
    evalTime: '8m',
    // One hour to the limit and no eviction yet fires; a Redis already evicting is RedisEvictingKeys' business, and
    // one 6 h from its limit, or not growing (+Inf), is not a warning yet.
    fault: [
      { series: `redis_memory_time_to_full_seconds{${redis}}`, values: '3600-10x40' },
      { series: `redis_evicted_keys_total{${redis}}`, values: '0x40' },
    ],
    healthy: [
      { series: `redis_memory_time_to_full_seconds{${redis}}`, values: '3600-10x40' },
      { series: `redis_evicted_keys_total{${redis}}`, values: '0+10x40' },
      { series: 'redis_memory_time_to_full_seconds{instance="redis-2:9121",job="redis"}', values: '21600x40' },
      // promtool's expanding notation takes no infinity (`+Infx40`): the 41 samples are written out.
      {
        series: 'redis_memory_time_to_full_seconds{instance="redis-3:9121",job="redis"}',
        values: Array(41).fill('+Inf').join(' '),
      },
    ],
    labels: { instance: 'redis-1:9121', job: 'redis' },
  },
  RedisEvictingKeys: {
    evalTime: '8m',
    fault: [{ series: `redis_evicted_keys_total{${redis}}`, values: '0+10x40' }],
    healthy: [{ series: `redis_evicted_keys_total{${redis}}`, values: '0x40' }],
    labels: { instance: 'redis-1:9121' },
  },
  RedisRejectedConnections: {
    evalTime: '1m',
    fault: [{ series: `redis_rejected_connections_total{${redis}}`, values: '0 0 5 5 5x10' }],
    healthy: [{ series: `redis_rejected_connections_total{${redis}}`, values: '0x14' }],
    labels: { instance: 'redis-1:9121' },
  },
  RedisHotKey: {
    evalTime: '3m',
    // A key above 1,000 accesses/min from the exporter's LFU estimate fires; the client's measured rate of another
    // key stays under the threshold, so exactly one alert (per instance, pattern and source) is expected.
    fault: [
      {
        series: `redis_hotkey_accesses_per_minute{${redis},db="0",key="user:*#1a2b",pattern="user:*",source="server_estimate"}`,
        values: '1500x20',
      },
      {
        series: `redislens_hotkey_rate{${app},key="cart:*#3c4d",pattern="cart:*",source="client_measured"}`,
        values: '900x20',
      },
    ],
    healthy: [
      {
        series: `redis_hotkey_accesses_per_minute{${redis},db="0",key="user:*#1a2b",pattern="user:*",source="server_estimate"}`,
        values: '990x20',
      },
      {
        series: `redislens_hotkey_rate{${app},key="cart:*#3c4d",pattern="cart:*",source="client_measured"}`,
        values: '10x20',
      },
    ],
    labels: { instance: 'redis-1:9121', pattern: 'user:*', source: 'server_estimate' },
  },
  SessionCircuitBreakerOpen: {
    evalTime: '2m',
    fault: [{ series: `redislens_session_breaker_state{${app}}`, values: '2x20' }],
    // Half-open (1) is the breaker probing Redis again, not an outage.
    healthy: [{ series: `redislens_session_breaker_state{${app}}`, values: '1x20' }],
    labels: { instance: 'app-1:9464', job: 'app' },
  },
  SessionValidationLatencyOverSLO: {
    evalTime: '16m',
    fault: histogram({ '0.01': '0x80', '0.05': '0x80', '0.1': '0+100x80', '+Inf': '0+100x80' }),
    healthy: histogram({ '0.01': '0+100x80', '0.05': '0+100x80', '0.1': '0+100x80', '+Inf': '0+100x80' }),
    labels: { job: 'app' },
  },
  RedisExporterDown: {
    evalTime: '2m',
    fault: [{ series: `up{${redis}}`, values: '1 0x20' }],
    healthy: [
      { series: `up{${redis}}`, values: '1x20' },
      // Another job's target being down is not this alert's business.
      { series: 'up{instance="app-1:9464",job="app"}', values: '0x20' },
    ],
    labels: { instance: 'redis-1:9121', job: 'redis' },
  },
  RedisExporterScrapeErrors: {
    evalTime: '7m',
    fault: [{ series: `redis_exporter_last_scrape_error{${redis}}`, values: '1x40' }],
    healthy: [{ series: `redis_exporter_last_scrape_error{${redis}}`, values: '0x40' }],
    labels: { instance: 'redis-1:9121', job: 'redis' },
  },
  ...CLUSTER_ALERT_FIXTURES,
};

/** Expands `{{ $labels.x }}` the way Prometheus and Grafana do (the only templating the catalog allows). */
export function expandLabels(text: string, labels: Record<string, string>): string {
  return text.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}
