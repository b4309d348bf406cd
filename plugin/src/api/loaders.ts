import { buildAlertRows, AlertRow } from '../data/alerts';
import { buildFailoverTimeline, FailoverEvent } from '../data/failovers';
import { buildHotKeys, CLIENT_RATE, HotKeyFilter, HotKeyRow, SERVER_RATE } from '../data/hotkeys';
import { buildInstances, InstanceRow } from '../data/instances';
import { buildTopology, SentinelGroup } from '../data/topology';
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
