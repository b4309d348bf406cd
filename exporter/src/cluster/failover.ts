import type { ClusterTopology } from './topology';

/**
 * Cluster failovers from successive merged topologies (pure, no I/O). A cluster has no event channel: a failover
 * shows as a shard's master changing (the promoted replica serves the same slots, so the shard id stays). Because
 * the input is one topology merged from every node's view, each failover is counted once per shard, however many
 * nodes report it.
 */

export type FailoverTrigger = 'failure' | 'manual';

export interface ClusterFailoverStage {
  /** `pfail` (first PFAIL seen), `fail` (first FAIL seen), `promoted` (new master seen), `cluster-ok`. */
  stage: 'pfail' | 'fail' | 'promoted' | 'cluster-ok';
  at: number;
}

export interface ClusterFailoverRecord {
  shard: string;
  trigger: FailoverTrigger;
  oldMasterId: string;
  oldMasterAddr: string;
  newMasterId: string;
  newMasterAddr: string;
  /** Unix ms: first PFAIL/FAIL of the old master seen, or for a manual failover the last read before the change. */
  startedAt: number;
  /** Unix ms: promotion seen and every node answering `cluster_state:ok`. */
  endedAt: number;
  durationSeconds: number;
  /** False when the cluster never turned ok within the stale limit (recorded anyway, so it is not lost). */
  clusterOk: boolean;
  stages: ClusterFailoverStage[];
}

export interface ClusterFailoverOptions {
  /** A failover waiting this long for `cluster_state:ok` is recorded with `clusterOk: false`. */
  staleMs?: number;
  /** Bounds the nodes tracked. */
  maxShards?: number;
}

interface Pending extends Omit<ClusterFailoverRecord, 'endedAt' | 'durationSeconds' | 'clusterOk'> {
  detectedAt: number;
}

export class ClusterFailoverDetector {
  /** Each node's role and master at the last observation. */
  private readonly roles = new Map<string, { role: 'master' | 'replica'; masterId?: string; addr: string }>();
  private readonly pfailSince = new Map<string, number>();
  private readonly failSince = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  private lastAt?: number;
  private readonly staleMs: number;
  private readonly maxNodes: number;

  constructor(options: ClusterFailoverOptions = {}) {
    this.staleMs = options.staleMs ?? 300_000;
    this.maxNodes = options.maxShards ?? 10_000;
  }

  /**
   * Feeds one merged topology read at `at` (Unix ms); returns the failovers that completed with it. A failover is a
   * node that was a replica of master X last time and now serves slots as a master while X does not: identity, not
   * the shard id, so a slot migration that renames a shard is never taken for a failover.
   */
  observe(topology: ClusterTopology, at: number): ClusterFailoverRecord[] {
    if (!topology.nodes.length) return []; // nothing answered: no evidence either way
    const completed: ClusterFailoverRecord[] = [];
    for (const node of topology.nodes) {
      if (node.health === 'online') {
        this.pfailSince.delete(node.id);
        this.failSince.delete(node.id);
        continue;
      }
      if (this.pfailSince.size < this.maxNodes && !this.pfailSince.has(node.id)) this.pfailSince.set(node.id, at);
      if (node.health === 'fail' && this.failSince.size < this.maxNodes && !this.failSince.has(node.id))
        this.failSince.set(node.id, at);
    }
    const now = new Map(topology.nodes.map((n) => [n.id, n]));
    for (const node of topology.nodes) {
      const before = this.roles.get(node.id);
      if (node.role !== 'master' || !node.slotCount || before?.role !== 'replica' || !before.masterId) continue;
      const oldId = before.masterId;
      const old = this.roles.get(oldId);
      const oldNow = now.get(oldId);
      if (old?.role !== 'master' || (oldNow?.role === 'master' && oldNow.slotCount > 0)) continue;
      // A second failover of the same shard before the first settled ends the first one now.
      const open = this.pending.get(node.shard);
      if (open) completed.push(this.finish(open, at, false));
      const pfail = this.pfailSince.get(oldId);
      const fail = this.failSince.get(oldId);
      const suspected = pfail ?? fail;
      const stages: ClusterFailoverStage[] = [];
      if (pfail !== undefined) stages.push({ stage: 'pfail', at: pfail });
      if (fail !== undefined) stages.push({ stage: 'fail', at: fail });
      stages.push({ stage: 'promoted', at });
      this.pending.set(node.shard, {
        shard: node.shard,
        trigger: suspected !== undefined ? 'failure' : 'manual',
        oldMasterId: oldId,
        oldMasterAddr: old.addr,
        newMasterId: node.id,
        newMasterAddr: node.addr,
        // A failure first seen in the very read that shows the promotion began after the previous read: start
        // there (as for a manual switch) rather than report a zero-length failover.
        startedAt: Math.min(suspected !== undefined && suspected < at ? suspected : (this.lastAt ?? at), at),
        detectedAt: at,
        stages,
      });
    }
    for (const node of topology.nodes) {
      if (this.roles.has(node.id) || this.roles.size < this.maxNodes)
        this.roles.set(node.id, { role: node.role, masterId: node.masterId, addr: node.addr });
    }
    for (const open of [...this.pending.values()]) {
      if (topology.stateOk) completed.push(this.finish(open, at, true));
      else if (at - open.detectedAt > this.staleMs) completed.push(this.finish(open, at, false));
    }
    this.lastAt = at;
    return completed;
  }

  /**
   * Notes that the topology was seen unchanged at `at` (a cheap CLUSTER INFO check between full reads), so a manual
   * failover's duration starts from the latest evidence of the old master, not the last full read.
   */
  unchanged(at: number): void {
    if (this.lastAt !== undefined && at > this.lastAt) this.lastAt = at;
  }

  private finish(open: Pending, at: number, clusterOk: boolean): ClusterFailoverRecord {
    this.pending.delete(open.shard);
    const stages = clusterOk ? [...open.stages, { stage: 'cluster-ok' as const, at }] : open.stages;
    const { shard, trigger, oldMasterId, oldMasterAddr, newMasterId, newMasterAddr, startedAt } = open;
    return {
      ...{ shard, trigger, oldMasterId, oldMasterAddr, newMasterId, newMasterAddr, startedAt, stages },
      endedAt: at,
      durationSeconds: (at - startedAt) / 1000,
      clusterOk,
    };
  }
}
