/**
 * Every metric the Redis collection can emit, with the Prometheus name redis_exporter uses for the same meaning.
 * Names are final Prometheus names (no `redis_` prefix here). `counter` instruments must end in `_total` (the OTel
 * Prometheus exporter appends `_total` to monotonic sums); redis_exporter counters whose names lack it are
 * exported as gauges so the name stays the one dashboards query.
 */
export type MetricKind = 'gauge' | 'counter' | 'histogram';

export interface MetricDef {
  kind: MetricKind;
  help: string;
}

/**
 * INFO field → metric name, gauges: redis_exporter's table for the fields Redis 5–8 and Valkey 7.2–9 report
 * (docs/metrics.md "redis_exporter 1.9x names" lists what is left out and why). Fields in neither table are not
 * exported, except names starting with `cluster_` or `db`, which redis_exporter passes through (see passThroughName).
 */
export const INFO_GAUGES: Record<string, string> = {
  uptime_in_seconds: 'uptime_in_seconds',
  process_id: 'process_id',
  io_threads_active: 'io_threads_active',
  configured_hz: 'configured_hz',
  hz: 'hz',
  connected_clients: 'connected_clients',
  blocked_clients: 'blocked_clients',
  tracking_clients: 'tracking_clients',
  clients_in_timeout_table: 'clients_in_timeout_table',
  maxclients: 'max_clients',
  pubsub_clients: 'pubsub_clients',
  watching_clients: 'watching_clients',
  total_watched_keys: 'total_watched_keys',
  total_blocking_keys: 'total_blocking_keys',
  total_blocking_keys_on_nokey: 'total_blocking_keys_on_nokey',
  client_longest_output_list: 'client_longest_output_list',
  client_biggest_input_buf: 'client_biggest_input_buf',
  client_recent_max_output_buffer: 'client_recent_max_output_buffer_bytes',
  client_recent_max_input_buffer: 'client_recent_max_input_buffer_bytes',
  allocator_active: 'allocator_active_bytes',
  allocator_allocated: 'allocator_allocated_bytes',
  allocator_resident: 'allocator_resident_bytes',
  allocator_frag_ratio: 'allocator_frag_ratio',
  allocator_frag_bytes: 'allocator_frag_bytes',
  allocator_muzzy: 'allocator_muzzy_bytes',
  allocator_rss_ratio: 'allocator_rss_ratio',
  allocator_rss_bytes: 'allocator_rss_bytes',
  used_memory: 'memory_used_bytes',
  used_memory_rss: 'memory_used_rss_bytes',
  used_memory_peak: 'memory_used_peak_bytes',
  used_memory_lua: 'memory_used_lua_bytes',
  used_memory_vm_eval: 'memory_used_vm_eval_bytes',
  used_memory_scripts_eval: 'memory_used_scripts_eval_bytes',
  used_memory_overhead: 'memory_used_overhead_bytes',
  used_memory_startup: 'memory_used_startup_bytes',
  used_memory_dataset: 'memory_used_dataset_bytes',
  used_memory_scripts: 'memory_used_scripts_bytes',
  number_of_cached_scripts: 'number_of_cached_scripts',
  number_of_functions: 'number_of_functions',
  number_of_libraries: 'number_of_libraries',
  used_memory_vm_functions: 'memory_used_vm_functions_bytes',
  used_memory_functions: 'memory_used_functions_bytes',
  used_memory_vm_total: 'memory_used_vm_total',
  maxmemory: 'memory_max_bytes',
  maxmemory_reservation: 'memory_max_reservation_bytes',
  maxmemory_desired_reservation: 'memory_max_reservation_desired_bytes',
  maxfragmentationmemory_reservation: 'memory_max_fragmentation_reservation_bytes',
  maxfragmentationmemory_desired_reservation: 'memory_max_fragmentation_reservation_desired_bytes',
  mem_fragmentation_ratio: 'mem_fragmentation_ratio',
  mem_fragmentation_bytes: 'mem_fragmentation_bytes',
  mem_clients_slaves: 'mem_clients_slaves',
  mem_clients_normal: 'mem_clients_normal',
  mem_cluster_links: 'mem_cluster_links_bytes',
  mem_aof_buffer: 'mem_aof_buffer_bytes',
  mem_replication_backlog: 'mem_replication_backlog_bytes',
  mem_total_replication_buffers: 'mem_total_replication_buffers_bytes',
  mem_overhead_db_hashtable_rehashing: 'mem_overhead_db_hashtable_rehashing_bytes',
  // Valkey 9
  mem_replicas_repl_buffer: 'mem_replicas_repl_buffer_bytes',
  expired_stale_perc: 'expired_stale_percentage',
  expired_keys_with_volatile_items_stale_perc: 'expired_keys_with_volatile_items_stale_percentage',
  mem_not_counted_for_evict: 'mem_not_counted_for_eviction_bytes',
  lazyfree_pending_objects: 'lazyfree_pending_objects',
  lazyfreed_objects: 'lazyfreed_objects',
  active_defrag_running: 'active_defrag_running',
  migrate_cached_sockets: 'migrate_cached_sockets_total',
  active_defrag_hits: 'defrag_hits',
  active_defrag_misses: 'defrag_misses',
  active_defrag_key_hits: 'defrag_key_hits',
  active_defrag_key_misses: 'defrag_key_misses',
  loading: 'loading_dump_file',
  async_loading: 'async_loading',
  rdb_changes_since_last_save: 'rdb_changes_since_last_save',
  rdb_bgsave_in_progress: 'rdb_bgsave_in_progress',
  rdb_last_save_time: 'rdb_last_save_timestamp_seconds',
  rdb_last_bgsave_status: 'rdb_last_bgsave_status',
  rdb_last_bgsave_time_sec: 'rdb_last_bgsave_duration_sec',
  rdb_current_bgsave_time_sec: 'rdb_current_bgsave_duration_sec',
  // A counter named _total that redis_exporter types as a gauge; kept a gauge so the type matches too.
  rdb_saves: 'rdb_saves_total',
  rdb_last_cow_size: 'rdb_last_cow_size_bytes',
  rdb_last_load_keys_expired: 'rdb_last_load_expired_keys',
  rdb_last_load_keys_loaded: 'rdb_last_load_loaded_keys',
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
  pubsubshard_channels: 'pubsubshard_channels',
  current_eviction_exceeded_time: 'current_eviction_exceeded_time_ms',
  instantaneous_eventloop_cycles_per_sec: 'instantaneous_eventloop_cycles_per_sec',
  instantaneous_eventloop_duration_usec: 'instantaneous_eventloop_duration_usec',
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
  // Valkey 9
  replicas_repl_buffer_size: 'replicas_repl_buffer_size_bytes',
  replicas_repl_buffer_peak: 'replicas_repl_buffer_peak_bytes',
  replicas_waiting_psync: 'replicas_waiting_psync',
  // Valkey 9 `# TLS` (the certificate serials are labels of tls_certificate_info)
  tls_server_cert_expires_in_seconds: 'tls_server_cert_expires_in_seconds',
  tls_client_cert_expires_in_seconds: 'tls_client_cert_expires_in_seconds',
  tls_ca_cert_expires_in_seconds: 'tls_ca_cert_expires_in_seconds',
  // Valkey 9 `# Scripting Engines` totals (per engine: scripting_engine_*{engine,module,abi_version})
  engines_count: 'scripting_engines_count',
  engines_total_used_memory: 'scripting_engines_memory_used_bytes',
  engines_total_memory_overhead: 'scripting_engines_memory_overhead_bytes',
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
  total_net_repl_input_bytes: 'net_repl_input_bytes_total',
  total_net_repl_output_bytes: 'net_repl_output_bytes_total',
  expired_subkeys: 'expired_subkeys_total',
  expire_cycle_cpu_milliseconds: 'expire_cycle_cpu_time_ms_total',
  // A gauge in redis_exporter 1.45, a counter since.
  expired_time_cap_reached_count: 'expired_time_cap_reached_total',
  evicted_clients: 'evicted_clients_total',
  evicted_scripts: 'evicted_scripts_total',
  total_eviction_exceeded_time: 'eviction_exceeded_time_ms_total',
  eventloop_cycles: 'eventloop_cycles_total',
  eventloop_duration_sum: 'eventloop_duration_sum_usec_total',
  eventloop_duration_cmd_sum: 'eventloop_duration_cmd_sum_usec_total',
  client_query_buffer_limit_disconnections: 'client_query_buffer_limit_disconnections_total',
  client_output_buffer_limit_disconnections: 'client_output_buffer_limit_disconnections_total',
  reply_buffer_shrinks: 'reply_buffer_shrinks_total',
  reply_buffer_expands: 'reply_buffer_expands_total',
  acl_access_denied_auth: 'acl_access_denied_auth_total',
  acl_access_denied_cmd: 'acl_access_denied_cmd_total',
  acl_access_denied_key: 'acl_access_denied_key_total',
  acl_access_denied_channel: 'acl_access_denied_channel_total',
  // Valkey 9 / 9.1
  expired_fields: 'expired_fields_total',
  acl_access_denied_tls_cert: 'acl_access_denied_tls_cert_total',
  acl_access_denied_db: 'acl_access_denied_db_total',
  used_active_time_main_thread: 'active_time_main_thread_seconds_total',
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
 * `CLUSTER INFO` totals redis_exporter renames; every other `cluster_*` field (`cluster_state`, `cluster_slots_ok`,
 * the per-type `cluster_stats_messages_ping_sent`, fields a newer server adds) keeps its own name, as there.
 */
export const CLUSTER_INFO_RENAMED: Record<string, string> = {
  cluster_stats_messages_sent: 'cluster_messages_sent_total',
  cluster_stats_messages_received: 'cluster_messages_received_total',
};

const UNSAFE_NAME_CHARS = /[^a-zA-Z0-9_]/g;

/**
 * The name redis_exporter gives an INFO or CLUSTER INFO field that is in no table: fields starting with `cluster_`
 * or `db` pass through under their own name (other characters become `_`); undefined for every other field.
 */
export function passThroughName(field: string): string | undefined {
  if (CLUSTER_INFO_RENAMED[field]) return CLUSTER_INFO_RENAMED[field];
  if (!field.startsWith('cluster_') && !field.startsWith('db')) return undefined;
  return field.replace(UNSAFE_NAME_CHARS, '_');
}

const gauge = (help: string): MetricDef => ({ kind: 'gauge', help });
const counter = (help: string): MetricDef => ({ kind: 'counter', help });
const histogram = (help: string): MetricDef => ({ kind: 'histogram', help });

function infoDefs(): Record<string, MetricDef> {
  const out: Record<string, MetricDef> = {};
  for (const [field, name] of Object.entries(INFO_GAUGES)) out[name] = gauge(`INFO ${field}`);
  for (const [field, name] of Object.entries(CLUSTER_INFO_RENAMED)) out[name] = gauge(`CLUSTER INFO ${field}`);
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
  db_keys_cached: gauge('Total number of cached keys by DB'),
  db_keys_with_expiring_items: gauge(
    'Keys with expiring sub-items (hash fields) by DB: subexpiry, keys_with_volatile_items',
  ),
  commands_latencies_usec: histogram('A histogram of latencies per command (LATENCY HISTOGRAM)'),
  active_time_io_thread_seconds_total: counter('Active time of each I/O thread (INFO used_active_time_io_thread_N)'),
  tls_certificate_info: gauge('Serial of the server, client and CA certificate (INFO TLS)'),
  scripting_engine_info: gauge('A scripting engine loaded in the server (INFO Scripting Engines)'),
  scripting_engine_memory_used_bytes: gauge('Memory used by a scripting engine'),
  scripting_engine_memory_overhead_bytes: gauge('Memory overhead of a scripting engine'),
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
  config_repl_backlog_size: gauge('CONFIG repl-backlog-size'),
  config_client_output_buffer_limit_bytes: gauge('The configured buffer limits per class'),
  config_client_output_buffer_limit_overcome_seconds: gauge(
    'How long for buffer limits per class to be exceeded before replicas are dropped',
  ),
  commandlog_slow_length: gauge('Total entries in the slow command log'),
  commandlog_large_request_length: gauge('Total entries in the large-request command log'),
  commandlog_large_reply_length: gauge('Total entries in the large-reply command log'),
  commandlog_execution_slower_than: gauge('Execution time threshold in microseconds for the slow command log'),
  commandlog_slow_execution_max_len: gauge('Maximum number of entries retained in the slow command log'),
  commandlog_request_larger_than: gauge('Request size threshold in bytes for the large-request command log'),
  commandlog_large_request_max_len: gauge('Maximum number of entries retained in the large-request command log'),
  commandlog_reply_larger_than: gauge('Reply size threshold in bytes for the large-reply command log'),
  commandlog_large_reply_max_len: gauge('Maximum number of entries retained in the large-reply command log'),
  rdb_current_size_bytes: gauge('Current RDB file size in bytes'),
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
  sentinel_master_last_ok_ping_reply_seconds: gauge(
    'Elapsed time in seconds since the last successful ping reply from the master',
  ),
  sentinel_peer_info: gauge('Other Sentinel peers discovered via SENTINEL SENTINELS (one scrape from one Sentinel)'),
  exporter_last_scrape_duration_seconds: gauge('The last scrape duration.'),
  exporter_last_scrape_error: gauge('The last scrape error status.'),
  exporter_last_scrape_connect_time_seconds: gauge('Connection time of the last scrape in seconds'),
  exporter_feature_available: gauge(
    'Whether a collection feature works on this server (0: the server refused or renamed what it needs; see reason)',
  ),
};

/** The catalog entry for a name, including the `cluster_*`/`db*` fields redis_exporter passes through. */
export function catalogDef(name: string): MetricDef | undefined {
  if (Object.hasOwn(CATALOG, name)) return CATALOG[name];
  return name.startsWith('cluster_') || name.startsWith('db') ? PASS_THROUGH : undefined;
}
const PASS_THROUGH = gauge('INFO or CLUSTER INFO field, passed through under its own name');

export const NAMESPACE = 'redis';

/** Cumulative histogram buckets as redis_exporter's const histograms take them: upper bound → count ≤ bound. */
export interface HistogramValue {
  buckets: [number, number][];
  count: number;
  sum: number;
}

/** One observation: catalog name (without namespace), labels, value (`histogram` set for histogram metrics). */
export interface Sample {
  name: string;
  labels?: Record<string, string>;
  value: number;
  histogram?: HistogramValue;
}
