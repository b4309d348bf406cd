import { INFO_COUNTERS, INFO_GAUGES, passThroughName, type Sample } from './catalog';
import { infoNumber, type InfoReport } from './info';

const MASTER_SCOPED = new Set(['master_last_io_seconds_ago', 'master_sync_in_progress', 'slave_repl_offset']);
const SENTINEL_SCALARS = new Set([
  'sentinel_masters',
  'sentinel_tilt',
  'sentinel_running_scripts',
  'sentinel_scripts_queue_length',
  'sentinel_simulate_failure_flags',
]);

/**
 * Samples for one INFO ALL report, named and labelled as redis_exporter names them. `dbCount` (CONFIG GET
 * databases) fills empty dbs with 0 like redis_exporter does, so `redis_db_keys{db="db3"}` exists before db3 has keys.
 */
export function infoSamples(report: InfoReport, opts: { dbCount?: number; nowSeconds: number }): Sample[] {
  const out: Sample[] = [];
  const f = report.fields;
  const masterLabels = { master_host: f.get('master_host') ?? '', master_port: f.get('master_port') ?? '' };

  for (const [field, text] of f) {
    const name = INFO_GAUGES[field] ?? INFO_COUNTERS[field] ?? passThroughName(field);
    const value = infoNumber(text);
    if (value === undefined) continue;
    if (name) {
      out.push({ name, value });
    } else if (field === 'latest_fork_usec') {
      out.push({ name: 'latest_fork_seconds', value: value / 1e6 });
    } else if (MASTER_SCOPED.has(field)) {
      out.push({ name: field, labels: masterLabels, value });
    } else if (SENTINEL_SCALARS.has(field)) {
      out.push({ name: field, value });
    }
  }
  const uptime = infoNumber(f.get('uptime_in_seconds'));
  if (uptime !== undefined) out.push({ name: 'start_time_seconds', value: Math.round(opts.nowSeconds - uptime) });

  const linkStatus = f.get('master_link_status');
  if (linkStatus !== undefined)
    out.push({ name: 'master_link_up', labels: masterLabels, value: linkStatus === 'up' ? 1 : 0 });

  for (const r of report.replicas) {
    const labels = { slave_ip: r.ip, slave_port: r.port, slave_state: r.state };
    out.push({ name: 'connected_slave_offset_bytes', labels, value: r.offset });
    if (r.lag !== undefined) out.push({ name: 'connected_slave_lag_seconds', labels, value: r.lag });
  }

  const seenDbs = new Set<string>();
  for (const db of report.keyspace) {
    seenDbs.add(db.db);
    out.push({ name: 'db_keys', labels: { db: db.db }, value: db.keys });
    out.push({ name: 'db_keys_expiring', labels: { db: db.db }, value: db.expires });
    if (db.avgTtlMs !== undefined)
      out.push({ name: 'db_avg_ttl_seconds', labels: { db: db.db }, value: db.avgTtlMs / 1000 });
    if (db.cachedKeys !== undefined) out.push({ name: 'db_keys_cached', labels: { db: db.db }, value: db.cachedKeys });
    if (db.keysWithExpiringItems !== undefined)
      out.push({ name: 'db_keys_with_expiring_items', labels: { db: db.db }, value: db.keysWithExpiringItems });
  }
  // Bounded: CONFIG databases is at most a few thousand in practice; cap so a hostile reply cannot blow up output.
  for (let i = 0; i < Math.min(opts.dbCount ?? 0, 1024); i++) {
    const db = `db${i}`;
    if (seenDbs.has(db)) continue;
    out.push({ name: 'db_keys', labels: { db }, value: 0 });
    out.push({ name: 'db_keys_expiring', labels: { db }, value: 0 });
  }

  const callsByCmd = new Map<string, { calls: number; usec: number }>();
  for (const c of report.commandstats) {
    const labels = { cmd: c.cmd };
    callsByCmd.set(c.cmd, c);
    out.push({ name: 'commands_total', labels, value: c.calls });
    out.push({ name: 'commands_duration_seconds_total', labels, value: c.usec / 1e6 });
    if (c.rejectedCalls !== undefined && c.failedCalls !== undefined) {
      out.push({ name: 'commands_rejected_calls_total', labels, value: c.rejectedCalls });
      out.push({ name: 'commands_failed_calls_total', labels, value: c.failedCalls });
    }
  }
  for (const e of report.errorstats) out.push({ name: 'errors_total', labels: { err: e.err }, value: e.count });
  for (const l of report.latencystats) {
    const stats = callsByCmd.get(l.cmd);
    // Same rule as redis_exporter: a summary needs the count and sum from commandstats.
    if (!stats) continue;
    for (const [p, usec] of l.percentiles) {
      out.push({ name: 'latency_percentiles_usec', labels: { cmd: l.cmd, quantile: String(p) }, value: usec });
    }
    out.push({ name: 'latency_percentiles_usec_sum', labels: { cmd: l.cmd }, value: stats.usec });
    out.push({ name: 'latency_percentiles_usec_count', labels: { cmd: l.cmd }, value: stats.calls });
  }

  for (const m of report.sentinelMasters) {
    const labels = { master_name: m.name, master_address: m.address };
    out.push({
      name: 'sentinel_master_status',
      labels: { ...labels, master_status: m.status },
      value: m.status === 'ok' ? 1 : 0,
    });
    out.push({ name: 'sentinel_master_slaves', labels, value: m.slaves });
    out.push({ name: 'sentinel_master_sentinels', labels, value: m.sentinels });
  }

  for (const t of report.tlsSerials) {
    out.push({ name: 'tls_certificate_info', labels: { certificate: t.certificate, serial: t.serial }, value: 1 });
  }
  for (const e of report.scriptingEngines) {
    const labels = { engine: e.name, module: e.module, abi_version: e.abiVersion };
    out.push({ name: 'scripting_engine_info', labels, value: 1 });
    out.push({ name: 'scripting_engine_memory_used_bytes', labels, value: e.usedMemory });
    out.push({ name: 'scripting_engine_memory_overhead_bytes', labels, value: e.memoryOverhead });
  }
  for (const t of report.ioThreadActiveTime) {
    out.push({ name: 'active_time_io_thread_seconds_total', labels: { thread: t.thread }, value: t.value });
  }

  out.push({ name: 'instance_info', labels: instanceInfoLabels(f), value: 1 });
  if (f.get('role') === 'slave') {
    out.push({ name: 'slave_info', labels: { ...masterLabels, read_only: f.get('slave_read_only') ?? '' }, value: 1 });
  }
  return out;
}

/**
 * `redis_instance_info` labels as the current redis_exporter sets them: Valkey 8+ says `server_mode` where Redis says
 * `redis_mode` (the label keeps redis_exporter's name); `valkey_version` and `valkey_release_stage` only when the
 * server reports them, `availability_zone` only when set (Valkey 8.1+, managed services).
 */
export function instanceInfoLabels(f: Map<string, string>): Record<string, string> {
  const labels: Record<string, string> = {
    role: f.get('role') ?? '',
    redis_version: f.get('redis_version') ?? '',
    redis_build_id: f.get('redis_build_id') ?? '',
    redis_mode: f.get('redis_mode') || f.get('server_mode') || '',
    os: f.get('os') ?? '',
    maxmemory_policy: f.get('maxmemory_policy') ?? '',
    tcp_port: f.get('tcp_port') ?? '',
    run_id: f.get('run_id') ?? '',
    process_id: f.get('process_id') ?? '',
    master_replid: f.get('master_replid') ?? '',
  };
  for (const optional of ['valkey_version', 'valkey_release_stage']) {
    const value = f.get(optional);
    if (value !== undefined) labels[optional] = value;
  }
  const zone = f.get('availability_zone');
  if (zone) labels.availability_zone = zone;
  return labels;
}
