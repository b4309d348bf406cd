import { buildFailoverTimeline, FailoverEvent } from './failovers';
import { label, lastValue, normalizeAddress, Series } from './series';

/** Redis Cluster has 16384 hash slots. */
export const SLOT_COUNT = 16384;

export interface ClusterNode {
  nodeId: string;
  address: string;
  role: 'master' | 'replica';
  /** `online`, `pfail` or `fail` (the exporter's reading of CLUSTER NODES flags). */
  health: string;
  linkState: string;
  masterNodeId: string;
}

export interface ClusterShard {
  /** The contract's shard id: the lowest slot it serves, or `none-<8 hex>` for a master without slots. */
  id: string;
  slots?: number;
  /** `0-5460` when the slot layout proves the shard's slots contiguous (see slotRanges); otherwise undefined. */
  slotRange?: string;
  master?: ClusterNode;
  replicas: ClusterNode[];
  healthyReplicas: number;
  /** Failovers of this shard in the page's time range, newest first. */
  failovers: FailoverEvent[];
}

export interface RedisClusterView {
  /** `job` + `instance` of the exporter that reports the cluster: one exporter, one cluster. */
  key: string;
  name: string;
  exporter: string;
  state: 'ok' | 'fail' | 'unknown';
  slotsOk?: number;
  slotsPfail?: number;
  slotsFail?: number;
  shards: ClusterShard[];
  nodes: number;
}

export interface ClusterInput {
  /** redis_cluster_node_info{shard,node_id,addr,role,master_node_id,link_state,health} (instant). */
  nodeInfo: Series[];
  /** redis_cluster_shard_slots{shard} and redis_cluster_shard_healthy_replicas{shard} (instant). */
  shardSlots: Series[];
  healthyReplicas: Series[];
  /** redis_cluster_state, _slots_ok, _slots_pfail, _slots_fail (instant). */
  state: Series[];
  slotsOk: Series[];
  slotsPfail: Series[];
  slotsFail: Series[];
  /** Range series by (job, instance, shard[, addr]): current master, failovers_total, duration _sum/_count. */
  currentMaster: Series[];
  failoversTotal: Series[];
  durationSum: Series[];
  durationCount: Series[];
}

const keyOf = (s: Series) => `${label(s, 'job')}/${label(s, 'instance')}`;

/**
 * Slot ranges from each shard's lowest slot and slot count. Only the count and the lowest slot are exported, so a
 * range is shown only where it is provable: when the shards, sorted by lowest slot, tile 0…16383 end to end
 * (start + count = next start), the slots at or above a shard's start that the later shards do not own are exactly
 * its count, so every shard's slots are one contiguous range. Any gap or overlap and no range is claimed.
 */
export function slotRanges(shards: Array<{ id: string; slots?: number }>): Map<string, string> {
  const serving = shards
    .filter((s) => /^\d+$/.test(s.id) && (s.slots ?? 0) > 0)
    .map((s) => ({ id: s.id, start: Number(s.id), slots: s.slots as number }))
    .sort((a, b) => a.start - b.start);
  const tiles =
    serving.length > 0 &&
    serving[0].start === 0 &&
    serving.every((s, i) => s.start + s.slots === (i + 1 < serving.length ? serving[i + 1].start : SLOT_COUNT));
  return new Map(tiles ? serving.map((s) => [s.id, `${s.start}-${s.start + s.slots - 1}`]) : []);
}

function node(s: Series): ClusterNode {
  return {
    nodeId: label(s, 'node_id'),
    address: label(s, 'addr'),
    role: label(s, 'role') === 'master' ? 'master' : 'replica',
    health: label(s, 'health') || 'unknown',
    linkState: label(s, 'link_state'),
    masterNodeId: label(s, 'master_node_id'),
  };
}

const isHealthy = (n: ClusterNode) => n.health === 'online' && (n.linkState === '' || n.linkState === 'connected');

/** Numeric shard ids in slot order, `none-…` (masters without slots) last. */
function compareShards(a: string, b: string): number {
  const [na, nb] = [Number(a), Number(b)];
  if (Number.isNaN(na) || Number.isNaN(nb)) {
    return Number.isNaN(na) === Number.isNaN(nb) ? a.localeCompare(b) : Number.isNaN(na) ? 1 : -1;
  }
  return na - nb;
}

function valueFor(series: Series[], key: string, shard: string): number | undefined {
  const match = series.find((s) => keyOf(s) === key && label(s, 'shard') === shard);
  return match ? lastValue(match) : undefined;
}

/**
 * A cluster-wide CLUSTER INFO value: the exporter's own series (seed node, no `shard` label) when it has one; else,
 * with the seed down, the nodes' own series scraped through /scrape (instance = the node), combined by `combine`.
 */
function clusterValue(
  series: Series[],
  key: string,
  addresses: Set<string>,
  combine: (values: number[]) => number
): number | undefined {
  const own = series.find((s) => keyOf(s) === key && !label(s, 'shard'));
  const ownValue = own && lastValue(own);
  if (ownValue !== undefined) {
    return ownValue;
  }
  const values = series
    .filter((s) => addresses.has(normalizeAddress(label(s, 'instance'))))
    .map(lastValue)
    .filter((v): v is number => v !== undefined);
  return values.length ? combine(values) : undefined;
}
const lowest = (values: number[]) => Math.min(...values);
const highest = (values: number[]) => Math.max(...values);

/**
 * A histogram's series appears with its first observation. When monitoring already saw the cluster before that
 * (`since`), its value before was 0: adding that point lets the first failover after an exporter start show its
 * duration too.
 */
function withZeroBefore(series: Series[], since: number): Series[] {
  return series.map((s) =>
    s.points.length && s.points[0][0] > since ? { ...s, points: [[s.points[0][0] - 1, 0], ...s.points] } : s
  );
}

/** Failover history per shard, reusing the Sentinel timeline (a shard plays the part of a Sentinel master name). */
function failoversByShard(input: ClusterInput, key: string, windowMs: number): Map<string, FailoverEvent[]> {
  const asGroup = (series: Series[]) =>
    series
      .filter((s) => keyOf(s) === key)
      .map((s) => ({
        ...s,
        labels: { master_name: label(s, 'shard'), master_address: label(s, 'addr'), result: 'success' },
      }));
  const since = Math.min(...asGroup(input.currentMaster).map((s) => s.points[0]?.[0] ?? Infinity));
  const events = buildFailoverTimeline(
    {
      masterAddress: asGroup(input.currentMaster),
      failoversTotal: asGroup(input.failoversTotal),
      durationSum: withZeroBefore(asGroup(input.durationSum), since),
      durationCount: withZeroBefore(asGroup(input.durationCount), since),
    },
    windowMs
  );
  const out = new Map<string, FailoverEvent[]>();
  for (const event of events) {
    out.set(event.masterName, [...(out.get(event.masterName) ?? []), event]);
  }
  return out;
}

/** One view per cluster: state, slot health and shards as master → replicas with slot ranges and failovers. */
export function buildClusters(input: ClusterInput, windowMs: number): RedisClusterView[] {
  const byCluster = new Map<string, Series[]>();
  for (const s of input.nodeInfo) {
    byCluster.set(keyOf(s), [...(byCluster.get(keyOf(s)) ?? []), s]);
  }
  return [...byCluster]
    .map(([key, series]) => {
      const nodes = series.map((s) => ({ shard: label(s, 'shard'), node: node(s) }));
      const failovers = failoversByShard(input, key, windowMs);
      const ids = [...new Set(nodes.map((n) => n.shard))].sort(compareShards);
      const shards: ClusterShard[] = ids.map((id) => {
        const members = nodes.filter((n) => n.shard === id).map((n) => n.node);
        const replicas = members.filter((n) => n.role === 'replica').sort((a, b) => a.address.localeCompare(b.address));
        return {
          id,
          slots: valueFor(input.shardSlots, key, id),
          master: members.find((n) => n.role === 'master'),
          replicas,
          healthyReplicas: valueFor(input.healthyReplicas, key, id) ?? replicas.filter(isHealthy).length,
          failovers: failovers.get(id) ?? [],
        };
      });
      const ranges = slotRanges(shards);
      const addresses = new Set(nodes.map((n) => n.node.address).filter(Boolean));
      const state = clusterValue(input.state, key, addresses, lowest);
      const [job, ...instance] = key.split('/');
      return {
        key,
        name: job || instance.join('/'),
        exporter: instance.join('/'),
        state: state === undefined ? 'unknown' : state === 1 ? 'ok' : 'fail',
        slotsOk: clusterValue(input.slotsOk, key, addresses, lowest),
        slotsPfail: clusterValue(input.slotsPfail, key, addresses, highest),
        slotsFail: clusterValue(input.slotsFail, key, addresses, highest),
        shards: shards.map((s) => ({ ...s, slotRange: ranges.get(s.id) })),
        nodes: nodes.length,
      } satisfies RedisClusterView;
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}
