import { buildAlertRows, AlertRow, FiringGroup, groupFiringAlerts } from '../data/alerts';
import { buildClusters, RedisClusterView } from '../data/cluster';
import { buildFailoverTimeline, FailoverEvent } from '../data/failovers';
import { buildHotKeys, CLIENT_RATE, HotKeyFilter, HotKeyRow, SERVER_RATE } from '../data/hotkeys';
import { buildInstances, InstanceRow } from '../data/instances';
import { buildMemory, MemoryModel } from '../data/memory';
import { buildTopology, SentinelGroup } from '../data/topology';
import { Series } from '../data/series';
import { fetchAlertRules, fetchFiringAlerts, promInstant, promRange, rangeStepSeconds } from './grafanaApi';

const TIMELINE_POINTS = 1000;

export interface TimeWindow {
  from: number;
  to: number;
}

export async function loadInstances(uid: string, { to }: TimeWindow): Promise<InstanceRow[]> {
  const [up, info] = await Promise.all([promInstant(uid, 'redis_up', to), promInstant(uid, 'redis_instance_info', to)]);
  return buildInstances(up, info);
}

export async function loadTopology(uid: string, { to }: TimeWindow): Promise<SentinelGroup[]> {
  const q = (expr: string) => promInstant(uid, expr, to);
  const [currentMaster, masterStatus, slaveLag, sentinels, okSentinels, ckquorum] = await Promise.all([
    q('redis_sentinel_current_master_info'),
    q('redis_sentinel_master_status'),
    q('redis_connected_slave_lag_seconds'),
    q('redis_sentinel_master_sentinels'),
    q('redis_sentinel_master_ok_sentinels'),
    q('redis_sentinel_master_ckquorum_status'),
  ]);
  return buildTopology({ currentMaster, masterStatus, slaveLag, sentinels, okSentinels, ckquorum });
}

/** Redis Clusters seen by exporters in cluster mode, with each shard's failovers in the time range. */
export async function loadClusters(uid: string, { from, to }: TimeWindow): Promise<RedisClusterView[]> {
  const q = (expr: string) => promInstant(uid, expr, to);
  const r = (expr: string) => promRange(uid, expr, from, to, TIMELINE_POINTS);
  const [nodeInfo, shardSlots, healthyReplicas, state, slotsOk, slotsPfail, slotsFail] = await Promise.all([
    q('redis_cluster_node_info'),
    q('redis_cluster_shard_slots'),
    q('redis_cluster_shard_healthy_replicas'),
    q('redis_cluster_state'),
    q('redis_cluster_slots_ok'),
    q('redis_cluster_slots_pfail'),
    q('redis_cluster_slots_fail'),
  ]);
  if (!nodeInfo.length) {
    return [];
  }
  const [currentMaster, failoversTotal, durationSum, durationCount] = await Promise.all([
    r('max by (job, instance, shard, addr) (redis_cluster_current_master_info)'),
    r('sum by (job, instance, shard) (redis_cluster_failovers_total)'),
    r('sum by (job, instance, shard) (redis_cluster_failover_duration_seconds_sum)'),
    r('sum by (job, instance, shard) (redis_cluster_failover_duration_seconds_count)'),
  ]);
  const windowMs = Math.max(60_000, rangeStepSeconds(from, to, TIMELINE_POINTS) * 3000);
  return buildClusters(
    {
      nodeInfo,
      shardSlots,
      healthyReplicas,
      state,
      slotsOk,
      slotsPfail,
      slotsFail,
      currentMaster,
      failoversTotal,
      durationSum,
      durationCount,
    },
    windowMs
  );
}

export async function loadFailovers(uid: string, { from, to }: TimeWindow): Promise<FailoverEvent[]> {
  const r = (expr: string) => promRange(uid, expr, from, to, TIMELINE_POINTS);
  const [announced, polled, failoversTotal, durationSum, durationCount] = await Promise.all([
    r('max by (master_name, master_address) (redis_sentinel_current_master_info)'),
    r('max by (master_name, master_address) (redis_sentinel_master_status)'),
    r('max by (master_name, result) (redis_sentinel_failovers_total)'),
    r('max by (master_name) (redis_sentinel_failover_duration_seconds_sum)'),
    r('max by (master_name) (redis_sentinel_failover_duration_seconds_count)'),
  ]);
  const windowMs = Math.max(60_000, rangeStepSeconds(from, to, TIMELINE_POINTS) * 3000);
  return buildFailoverTimeline(
    { masterAddress: announced.length ? announced : polled, failoversTotal, durationSum, durationCount },
    windowMs
  );
}

export async function loadHotKeys(
  uid: string,
  { from, to }: TimeWindow,
  thresholdPerMinute: number,
  filter: HotKeyFilter = {}
): Promise<HotKeyRow[]> {
  const q = (expr: string) => promInstant(uid, expr, to);
  const [serverRate, serverError, serverLfu, clientRate, clientCoverage, rateHistory] = await Promise.all([
    q(SERVER_RATE),
    q(`${SERVER_RATE}_error_ratio`),
    q('redis_hotkey_lfu_frequency'),
    q(CLIENT_RATE),
    q(`${CLIENT_RATE}_coverage`),
    promRange(uid, `${SERVER_RATE} or ${CLIENT_RATE}`, from, to),
  ]);
  return buildHotKeys(
    { serverRate, serverError, serverLfu, clientRate, clientCoverage, rateHistory },
    thresholdPerMinute,
    filter
  );
}

export async function loadAlerts(ruleFilter: string): Promise<AlertRow[]> {
  const [rules, firing] = await Promise.all([fetchAlertRules(), fetchFiringAlerts()]);
  return buildAlertRows(rules, Array.isArray(firing) ? firing : [], ruleFilter);
}

/** An alert's own query over the window: the runbook page plots it against the threshold. */
export async function loadExpression(uid: string, { from, to }: TimeWindow, query: string): Promise<Series[]> {
  return promRange(uid, query, from, to);
}

export interface MemorySeries {
  used: Series[];
  /** used / maxmemory; absent where maxmemory is 0 (unlimited). */
  ratio: Series[];
  evictedPerSecond: Series[];
}

/** Memory and evictions per instance (every instance; the page keeps the alert's own). */
export async function loadMemory(uid: string, { from, to }: TimeWindow): Promise<MemorySeries> {
  const r = (expr: string) => promRange(uid, expr, from, to);
  const [used, ratio, evictedPerSecond] = await Promise.all([
    r('max by (instance) (redis_memory_used_bytes)'),
    r('max by (instance) (redis_memory_used_bytes / (redis_memory_max_bytes > 0))'),
    r('sum by (instance) (rate(redis_evicted_keys_total[5m]))'),
  ]);
  return { used, ratio, evictedPerSecond };
}

export async function loadFiringGroups(ruleFilter: string): Promise<FiringGroup[]> {
  const firing = await fetchFiringAlerts();
  return groupFiringAlerts(Array.isArray(firing) ? firing : [], ruleFilter);
}

/** Memory by key pattern, the forecast and per-shard balance (the Memory page, the Overview and runbooks). */
export async function loadMemoryModel(uid: string, { from, to }: TimeWindow): Promise<MemoryModel> {
  const q = (expr: string) => promInstant(uid, expr, to);
  const r = (expr: string) => promRange(uid, expr, from, to);
  const [bytes, bytesError, keys, keysError, byTtl, biggest, coverage, sampledKeys] = await Promise.all([
    q('redis_key_group_memory_usage_bytes'),
    q('redis_key_group_memory_usage_bytes_error'),
    q('redis_key_group_count'),
    q('redis_key_group_count_error'),
    q('redis_key_group_memory_by_ttl_bytes'),
    q('redis_key_group_biggest_key_bytes'),
    q('redis_key_groups_sample_coverage_ratio'),
    q('redis_key_groups_sampled_keys'),
  ]);
  const [bytesHistory, timeToFull, growth, limit, usedHistory, info] = await Promise.all([
    r('sum by (instance, key_group) (redis_key_group_memory_usage_bytes)'),
    q('redis_memory_time_to_full_seconds'),
    q('redis_memory_growth_bytes_per_second'),
    q('redis_memory_limit_bytes'),
    r('max by (instance) (redis_memory_used_bytes)'),
    q('redis_instance_info'),
  ]);
  return buildMemory({
    bytes,
    bytesError,
    keys,
    keysError,
    byTtl,
    biggest,
    coverage,
    sampledKeys,
    bytesHistory,
    timeToFull,
    growth,
    limit,
    usedHistory,
    info,
  });
}
