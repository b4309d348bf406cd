import { RedisClusterView } from './cluster';
import { SentinelGroup } from './topology';

export type FleetKind = 'sentinel' | 'cluster';

/** One Sentinel group or one Redis Cluster, with what an operator scanning a fleet needs first. */
export interface FleetGroup {
  id: string;
  kind: FleetKind;
  name: string;
  /** Redis nodes in the group (master + replicas; every cluster node). */
  nodes: number;
  /** Why the group needs attention, worded for the operator; empty when healthy. */
  problems: string[];
  /** Failovers seen in the time range (clusters; Sentinel failovers are on the Failover page). */
  failovers: number;
  sentinel?: SentinelGroup;
  cluster?: RedisClusterView;
}

export interface FleetFilter {
  /** Case-insensitive text matched against group names, node addresses and shard ids. */
  search: string;
  kind: 'all' | FleetKind;
  problemsOnly: boolean;
}

export interface FleetCounts {
  groups: number;
  sentinelGroups: number;
  clusters: number;
  shards: number;
  nodes: number;
  withProblems: number;
}

export function sentinelProblems(group: SentinelGroup, lagThresholdSeconds: number): string[] {
  const problems: string[] = [];
  if (group.quorumOk === false) {
    problems.push('Sentinel quorum not reachable');
  }
  for (const replica of group.replicas) {
    if (replica.state && replica.state !== 'online') {
      problems.push(`replica ${replica.address} ${replica.state}`);
    } else if (replica.lagSeconds !== undefined && replica.lagSeconds > lagThresholdSeconds) {
      problems.push(`replica ${replica.address} lags ${replica.lagSeconds}s`);
    }
  }
  return problems;
}

export function clusterProblems(cluster: RedisClusterView): string[] {
  const problems: string[] = [];
  if (cluster.state === 'fail') {
    problems.push('cluster state fail');
  }
  if (cluster.slotsFail) {
    problems.push(`${cluster.slotsFail} slots fail`);
  }
  if (cluster.slotsPfail) {
    problems.push(`${cluster.slotsPfail} slots pfail`);
  }
  const nodes = cluster.shards.flatMap((s) => [...(s.master ? [s.master] : []), ...s.replicas]);
  const unhealthy = nodes.filter((n) => n.health !== 'online');
  if (unhealthy.length) {
    problems.push(`${unhealthy.length} node${unhealthy.length > 1 ? 's' : ''} not online`);
  }
  // A cluster built without replicas is a choice; a shard that lost its replicas in a cluster with some is not.
  if (cluster.shards.some((s) => s.replicas.length > 0)) {
    for (const shard of cluster.shards.filter((s) => (s.slots ?? 0) > 0 && s.healthyReplicas < 1)) {
      problems.push(`shard ${shard.id} has no healthy replica`);
    }
  }
  return problems;
}

export function buildFleet(
  sentinelGroups: SentinelGroup[],
  clusters: RedisClusterView[],
  lagThresholdSeconds: number
): FleetGroup[] {
  const groups: FleetGroup[] = [
    ...sentinelGroups.map((g) => ({
      id: `sentinel/${g.masterName}`,
      kind: 'sentinel' as const,
      name: g.masterName,
      nodes: 1 + g.replicas.length,
      problems: sentinelProblems(g, lagThresholdSeconds),
      failovers: 0,
      sentinel: g,
    })),
    ...clusters.map((c) => ({
      id: `cluster/${c.key}`,
      kind: 'cluster' as const,
      name: c.name,
      nodes: c.nodes,
      problems: clusterProblems(c),
      failovers: c.shards.reduce((n, s) => n + s.failovers.length, 0),
      cluster: c,
    })),
  ];
  // Groups that need attention first, so a large fleet shows its trouble without scrolling.
  return groups.sort(
    (a, b) =>
      Number(b.problems.length > 0) - Number(a.problems.length > 0) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id)
  );
}

function searchText(group: FleetGroup): string {
  const parts = [group.name];
  if (group.sentinel) {
    parts.push(group.sentinel.masterAddress, ...group.sentinel.replicas.map((r) => r.address));
  }
  if (group.cluster) {
    parts.push(group.cluster.exporter);
    for (const shard of group.cluster.shards) {
      parts.push(`shard ${shard.id}`, ...[shard.master, ...shard.replicas].map((n) => n?.address ?? ''));
    }
  }
  return parts.join('\n').toLowerCase();
}

export function filterFleet(groups: FleetGroup[], filter: FleetFilter): FleetGroup[] {
  const needle = filter.search.trim().toLowerCase();
  return groups.filter(
    (g) =>
      (filter.kind === 'all' || g.kind === filter.kind) &&
      (!filter.problemsOnly || g.problems.length > 0) &&
      (!needle || searchText(g).includes(needle))
  );
}

export function fleetCounts(groups: FleetGroup[]): FleetCounts {
  return {
    groups: groups.length,
    sentinelGroups: groups.filter((g) => g.kind === 'sentinel').length,
    clusters: groups.filter((g) => g.kind === 'cluster').length,
    // Masters without slots (a failed old master, a new empty node) are nodes, not shards.
    shards: groups.reduce((n, g) => n + (g.cluster?.shards.filter((s) => s.slots).length ?? 0), 0),
    nodes: groups.reduce((n, g) => n + g.nodes, 0),
    withProblems: groups.filter((g) => g.problems.length > 0).length,
  };
}
