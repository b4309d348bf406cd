/**
 * Every metric the Redis collection can emit, with the Prometheus name redis_exporter uses for the same meaning.
 * Names are final Prometheus names (no `redis_` prefix here). `counter` instruments must end in `_total` (the OTel
 * Prometheus exporter appends `_total` to monotonic sums); redis_exporter counters whose names lack it are
 * exported as gauges so the name stays the one dashboards query.
 */
export type MetricKind = 'gauge' | 'counter';

export interface MetricDef {
  kind: MetricKind;
  help: string;
}

/** INFO field → metric name, gauges (same table as redis_exporter's, for the fields Redis 5–7 report). */
export const INFO_GAUGES: Record<string, string> = {
  uptime_in_seconds: 'uptime_in_seconds',
  process_id: 'process_id',
  io_threads_active: 'io_threads_active',
  connected_clients: 'connected_clients',
  blocked_clients: 'blocked_clients',
  tracking_clients: 'tracking_clients',
  clients_in_timeout_table: 'clients_in_timeout_table',
  client_recent_max_output_buffer: 'client_recent_max_output_buffer_bytes',
  client_recent_max_input_buffer: 'client_recent_max_input_buffer_bytes',
  allocator_active: 'allocator_active_bytes',
  allocator_allocated: 'allocator_allocated_bytes',
  allocator_resident: 'allocator_resident_bytes',
  allocator_frag_ratio: 'allocator_frag_ratio',
  allocator_frag_bytes: 'allocator_frag_bytes',
  allocator_rss_ratio: 'allocator_rss_ratio',
  allocator_rss_bytes: 'allocator_rss_bytes',
  used_memory: 'memory_used_bytes',
  used_memory_rss: 'memory_used_rss_bytes',
  used_memory_peak: 'memory_used_peak_bytes',
  used_memory_lua: 'memory_used_lua_bytes',
  used_memory_overhead: 'memory_used_overhead_bytes',
  used_memory_startup: 'memory_used_startup_bytes',
  used_memory_dataset: 'memory_used_dataset_bytes',
  used_memory_scripts: 'memory_used_scripts_bytes',
  number_of_cached_scripts: 'number_of_cached_scripts',
  maxmemory: 'memory_max_bytes',
  mem_fragmentation_ratio: 'mem_fragmentation_ratio',
  mem_fragmentation_bytes: 'mem_fragmentation_bytes',
  mem_clients_slaves: 'mem_clients_slaves',
  mem_clients_normal: 'mem_clients_normal',
  expired_stale_perc: 'expired_stale_percentage',
  mem_not_counted_for_evict: 'mem_not_counted_for_eviction_bytes',
  lazyfree_pending_objects: 'lazyfree_pending_objects',
  active_defrag_running: 'active_defrag_running',
  migrate_cached_sockets: 'migrate_cached_sockets_total',
  active_defrag_hits: 'defrag_hits',
  active_defrag_misses: 'defrag_misses',
  active_defrag_key_hits: 'defrag_key_hits',
  active_defrag_key_misses: 'defrag_key_misses',
  expired_time_cap_reached_count: 'expired_time_cap_reached_total',
  loading: 'loading_dump_file',
  rdb_changes_since_last_save: 'rdb_changes_since_last_save',
  rdb_bgsave_in_progress: 'rdb_bgsave_in_progress',
  rdb_last_save_time: 'rdb_last_save_timestamp_seconds',
  rdb_last_bgsave_status: 'rdb_last_bgsave_status',
  rdb_last_bgsave_time_sec: 'rdb_last_bgsave_duration_sec',
  rdb_current_bgsave_time_sec: 'rdb_current_bgsave_duration_sec',
  rdb_last_cow_size: 'rdb_last_cow_size_bytes',
  aof_enabled: 'aof_enabled',
  aof_rewrite_in_progress: 'aof_rewrite_in_progress',
  aof_rewrite_scheduled: 'aof_rewrite_scheduled',
  aof_last_rewrite_time_sec: 'aof_last_rewrite_duration_sec',
  aof_current_rewrite_time_sec: 'aof_current_rewrite_duration_sec',
  aof_last_cow_size: 'aof_last_cow_size_bytes',
  aof_current_size: 'aof_current_size_bytes',
  aof_base_size: 'aof_base_size_bytes',
  aof_pending_rewrite: 'aof_pending_rewrite',
  aof_buffer_length: 'aof_buffer_length',
  aof_rewrite_buffer_length: 'aof_rewrite_buffer_length',
  aof_pending_bio_fsync: 'aof_pending_bio_fsync',
  aof_delayed_fsync: 'aof_delayed_fsync',
  aof_last_bgrewrite_status: 'aof_last_bgrewrite_status',
  aof_last_write_status: 'aof_last_write_status',
  module_fork_in_progress: 'module_fork_in_progress',
  module_fork_last_cow_size: 'module_fork_last_cow_size',
  pubsub_channels: 'pubsub_channels',
  pubsub_patterns: 'pubsub_patterns',
  tracking_total_keys: 'tracking_total_keys',
  tracking_total_items: 'tracking_total_items',
  tracking_total_prefixes: 'tracking_total_prefixes',
  connected_slaves: 'connected_slaves',
  repl_backlog_size: 'replication_backlog_bytes',
  repl_backlog_active: 'repl_backlog_is_active',
  repl_backlog_first_byte_offset: 'repl_backlog_first_byte_offset',
  repl_backlog_histlen: 'repl_backlog_history_bytes',
  master_repl_offset: 'master_repl_offset',
  second_repl_offset: 'second_repl_offset',
  slave_expires_tracked_keys: 'slave_expires_tracked_keys',
  slave_priority: 'slave_priority',
  sync_full: 'replica_resyncs_full',
  sync_partial_ok: 'replica_partial_resync_accepted',
  sync_partial_err: 'replica_partial_resync_denied',
  cluster_enabled: 'cluster_enabled',
  cluster_connections: 'cluster_connections',
};

/** INFO field → metric name, counters. */
export const INFO_COUNTERS: Record<string, string> = {
  total_connections_received: 'connections_received_total',
  total_commands_processed: 'commands_processed_total',
  rejected_connections: 'rejected_connections_total',
  total_net_input_bytes: 'net_input_bytes_total',
  total_net_output_bytes: 'net_output_bytes_total',
  expired_keys: 'expired_keys_total',
  evicted_keys: 'evicted_keys_total',
  keyspace_hits: 'keyspace_hits_total',
  keyspace_misses: 'keyspace_misses_total',
  used_cpu_sys: 'cpu_sys_seconds_total',
  used_cpu_user: 'cpu_user_seconds_total',
  used_cpu_sys_children: 'cpu_sys_children_seconds_total',
  used_cpu_user_children: 'cpu_user_children_seconds_total',
  used_cpu_sys_main_thread: 'cpu_sys_main_thread_seconds_total',
  used_cpu_user_main_thread: 'cpu_user_main_thread_seconds_total',
  // redis_exporter exports these as counters without `_total`; kept as gauges here so the name is identical.
  unexpected_error_replies: 'unexpected_error_replies',
  total_error_replies: 'total_error_replies',
  total_reads_processed: 'total_reads_processed',
  total_writes_processed: 'total_writes_processed',
  io_threaded_reads_processed: 'io_threaded_reads_processed',
  io_threaded_writes_processed: 'io_threaded_writes_processed',
  dump_payload_sanitizations: 'dump_payload_sanitizations',
};

/**
 * `CLUSTER INFO` field → metric name, as redis_exporter 1.45 names them. All are gauges there, the message totals
 * included, so the type matches too. Per-type message counters (`cluster_stats_messages_ping_sent`, …) keep their
 * field name (`-` becomes `_`).
 */
export const CLUSTER_INFO_GAUGES: Record<string, string> = {
  cluster_state: 'cluster_state',
  cluster_slots_assigned: 'cluster_slots_assigned',
  cluster_slots_ok: 'cluster_slots_ok',
  cluster_slots_pfail: 'cluster_slots_pfail',
  cluster_slots_fail: 'cluster_slots_fail',
  cluster_known_nodes: 'cluster_known_nodes',
  cluster_size: 'cluster_size',
  cluster_current_epoch: 'cluster_current_epoch',
  cluster_my_epoch: 'cluster_my_epoch',
  cluster_stats_messages_sent: 'cluster_messages_sent_total',
  cluster_stats_messages_received: 'cluster_messages_received_total',
};
const CLUSTER_MESSAGE_TYPES = [
  'ping',
  'pong',
  'meet',
  'fail',
  'publish',
  'publishshard',
  'auth-req',
  'auth-ack',
  'update',
  'mfstart',
  'module',
];
for (const type of CLUSTER_MESSAGE_TYPES) {
  for (const dir of ['sent', 'received']) {
    const field = `cluster_stats_messages_${type}_${dir}`;
    CLUSTER_INFO_GAUGES[field] = field.replace(/-/g, '_');
  }
}

const gauge = (help: string): MetricDef => ({ kind: 'gauge', help });
const counter = (help: string): MetricDef => ({ kind: 'counter', help });

function infoDefs(): Record<string, MetricDef> {
  const out: Record<string, MetricDef> = {};
  for (const [field, name] of Object.entries(INFO_GAUGES)) out[name] = gauge(`INFO ${field}`);
  for (const [field, name] of Object.entries(CLUSTER_INFO_GAUGES)) out[name] = gauge(`CLUSTER INFO ${field}`);
  for (const [field, name] of Object.entries(INFO_COUNTERS)) {
    out[name] = name.endsWith('_total') ? counter(`INFO ${field}`) : gauge(`INFO ${field} (a counter)`);
  }
  return out;
}

/** The full catalog, keyed by name without the `redis_` namespace. */
export const CATALOG: Record<string, MetricDef> = {
  ...infoDefs(),
  up: gauge('Information about the Redis instance: 1 when the last scrape reached it'),
  instance_info: gauge('Information about the Redis instance'),
  slave_info: gauge('Information about the Redis slave'),
  start_time_seconds: gauge('Start time of the Redis instance since unix epoch in seconds.'),
  latest_fork_seconds: gauge('Duration of the latest fork in seconds'),
  master_link_up: gauge('Master link status on Redis slave'),
  master_last_io_seconds_ago: gauge('Master last io seconds ago'),
  master_sync_in_progress: gauge('Master sync in progress'),
  slave_repl_offset: gauge('Slave replication offset'),
  connected_slave_offset_bytes: gauge('Offset of connected slave'),
  connected_slave_lag_seconds: gauge('Lag of connected slave'),
  db_keys: gauge('Total number of keys by DB'),
  db_keys_expiring: gauge('Total number of expiring keys by DB'),
  db_avg_ttl_seconds: gauge('Avg TTL in seconds'),
  commands_total: counter('Total number of calls per command'),
  commands_duration_seconds_total: counter('Total amount of time in seconds spent per command'),
  commands_rejected_calls_total: counter('Total number of errors within command execution per command'),
  commands_failed_calls_total: counter('Total number of errors prior command execution per command'),
  errors_total: counter('Total number of errors per error type'),
  // redis_exporter exposes a summary; OTel has no summary instrument, so quantiles, sum and count are gauges.
  latency_percentiles_usec: gauge('Latency percentile distribution per command (INFO latencystats)'),
  latency_percentiles_usec_sum: gauge('Sum of command latencies in microseconds (INFO commandstats usec)'),
  latency_percentiles_usec_count: gauge('Count of command calls (INFO commandstats calls)'),
  config_maxclients: gauge('CONFIG maxclients'),
  config_maxmemory: gauge('CONFIG maxmemory'),
  config_io_threads: gauge('CONFIG io-threads'),
  slowlog_length: gauge('Total slowlog'),
  slowlog_last_id: gauge('Last id of slowlog'),
  last_slow_execution_duration_seconds: gauge('The amount of time needed for last slow execution, in seconds'),
  latency_spike_last: gauge('When the latency spike last occurred'),
  latency_spike_duration_seconds: gauge('Length of the last latency spike in seconds'),
  sentinel_masters: gauge('The number of masters this sentinel is watching'),
  sentinel_tilt: gauge('Sentinel is in TILT mode'),
  sentinel_running_scripts: gauge('Number of scripts in execution right now'),
  sentinel_scripts_queue_length: gauge('Queue of user scripts to execute'),
  sentinel_simulate_failure_flags: gauge('Failures simulations'),
  sentinel_master_status: gauge('Master status on Sentinel'),
  sentinel_master_slaves: gauge('The number of slaves of the master'),
  sentinel_master_sentinels: gauge('The number of sentinels monitoring this master'),
  sentinel_master_ok_slaves: gauge('The number of okay slaves of the master'),
  sentinel_master_ok_sentinels: gauge('The number of okay sentinels monitoring this master'),
  sentinel_master_ckquorum_status: gauge('Master ckquorum status'),
  sentinel_master_config_epoch: gauge('The configuration epoch of the master (increments on each failover)'),
  sentinel_master_setting_ckquorum: gauge('Quorum configured for each master'),
  sentinel_master_setting_failover_timeout: gauge('failover-timeout configured for each master'),
  sentinel_master_setting_parallel_syncs: gauge('parallel-syncs configured for each master'),
  sentinel_master_setting_down_after_milliseconds: gauge('down-after-milliseconds configured for each master'),
  exporter_last_scrape_duration_seconds: gauge('The last scrape duration.'),
  exporter_last_scrape_error: gauge('The last scrape error status.'),
  exporter_last_scrape_connect_time_seconds: gauge('Connection time of the last scrape in seconds'),
};

export const NAMESPACE = 'redis';

/** One observation: catalog name (without namespace), labels, value. */
export interface Sample {
  name: string;
  labels?: Record<string, string>;
  value: number;
}
