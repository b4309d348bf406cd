/**
 * Series shaped like the exporter's cluster mode and Sentinel metrics, for tests at fleet scale (many groups,
 * many nodes). Used by the data and component tests and the browser test's Grafana stand-in.
 */
import { ClusterInput, SLOT_COUNT } from './cluster';
import { Series } from './series';
import { SentinelGroup } from './topology';

const at = (labels: Record<string, string>, value: number, time = 1_000_000): Series => ({
  labels,
  points: [[time, value]],
});

export interface ClusterSpec {
  job: string;
  masters: number;
  replicasPerMaster: number;
  /** Shard index whose master failed and was replaced by its first replica (the old master now shows as `fail`). */
  failedOverShard?: number;
  /** Start of the range series (unix ms) and step, for the failover history. */
  from?: number;
  stepMs?: number;
}

const hex = (n: number) => n.toString(16).padStart(40, '0');

/** Slot starts of an even split, as `redis-cli --cluster create` makes it. */
export function evenSlotStarts(masters: number): number[] {
  return Array.from({ length: masters }, (_, i) => Math.floor((i * SLOT_COUNT) / masters));
}

export function clusterInput(specs: ClusterSpec[]): ClusterInput {
  const input: ClusterInput = {
    nodeInfo: [],
    shardSlots: [],
    healthyReplicas: [],
    state: [],
    slotsOk: [],
    slotsPfail: [],
    slotsFail: [],
    currentMaster: [],
    failoversTotal: [],
    durationSum: [],
    durationCount: [],
  };
  specs.forEach((spec, c) => {
    const base = { job: spec.job, instance: `exporter-${c}:9121` };
    const starts = evenSlotStarts(spec.masters);
    let port = 7000 + c * 100;
    const from = spec.from ?? 1_000_000;
    const step = spec.stepMs ?? 15_000;
    const range = (values: number[]) => values.map((v, i) => [from + i * step, v] as [number, number]);
    starts.forEach((start, i) => {
      const shard = String(start);
      const slots = (i + 1 < starts.length ? starts[i + 1] : SLOT_COUNT) - start;
      const failed = spec.failedOverShard === i;
      const masterId = hex(c * 1000 + i * 10);
      const addrs = Array.from({ length: 1 + spec.replicasPerMaster }, () => `10.0.${c}.1:${port++}`);
      // After a failover the first replica is the master; the old master is a failed master without slots.
      const [oldMaster, ...replicas] = addrs;
      const master = failed ? replicas[0] : oldMaster;
      const liveReplicas = failed ? replicas.slice(1) : replicas;
      input.nodeInfo.push(
        at(
          {
            ...base,
            shard,
            node_id: masterId,
            addr: master,
            role: 'master',
            master_node_id: '',
            link_state: 'connected',
            health: 'online',
          },
          1
        )
      );
      liveReplicas.forEach((addr, r) =>
        input.nodeInfo.push(
          at(
            {
              ...base,
              shard,
              node_id: hex(c * 1000 + i * 10 + r + 1),
              addr,
              role: 'replica',
              master_node_id: masterId,
              link_state: 'connected',
              health: 'online',
            },
            1
          )
        )
      );
      if (failed) {
        const oldId = hex(c * 1000 + i * 10 + 9);
        input.nodeInfo.push(
          at(
            {
              ...base,
              shard: `none-${oldId.slice(0, 8)}`,
              node_id: oldId,
              addr: oldMaster,
              role: 'master',
              master_node_id: '',
              link_state: 'disconnected',
              health: 'fail',
            },
            1
          )
        );
        input.currentMaster.push(
          { labels: { ...base, shard, addr: oldMaster }, points: range([1, 1, 1, 0, 0]) },
          { labels: { ...base, shard, addr: master }, points: range([0, 0, 0, 1, 1]) }
        );
        input.failoversTotal.push({ labels: { ...base, shard }, points: range([0, 0, 0, 1, 1]) });
        input.durationSum.push({ labels: { ...base, shard }, points: range([0, 0, 0, 6.5, 6.5]) });
        input.durationCount.push({ labels: { ...base, shard }, points: range([0, 0, 0, 1, 1]) });
      }
      input.shardSlots.push(at({ ...base, shard }, slots));
      input.healthyReplicas.push(at({ ...base, shard }, liveReplicas.length));
    });
    input.state.push(at(base, 1));
    input.slotsOk.push(at(base, SLOT_COUNT));
    input.slotsPfail.push(at(base, 0));
    input.slotsFail.push(at(base, 0));
  });
  return input;
}

/** `count` Sentinel groups `group-00`… with `replicas` replicas each; `unhealthy` names get a lagging replica. */
export function sentinelGroups(count: number, replicas: number, unhealthy: string[] = []): SentinelGroup[] {
  return Array.from({ length: count }, (_, g) => {
    const masterName = `group-${String(g).padStart(2, '0')}`;
    return {
      masterName,
      masterAddress: `10.1.${g}.1:6379`,
      source: 'announced' as const,
      replicas: Array.from({ length: replicas }, (_r, r) => ({
        address: `10.1.${g}.${r + 2}:6379`,
        state: 'online',
        lagSeconds: unhealthy.includes(masterName) && r === 0 ? 120 : 0,
      })),
      sentinels: 3,
      okSentinels: 3,
      quorumOk: true,
    };
  });
}
