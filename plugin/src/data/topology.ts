import { label, lastTime, lastValue, normalizeAddress, Series } from './series';

export interface ReplicaInfo {
  address: string;
  state: string;
  lagSeconds?: number;
}

export interface SentinelGroup {
  masterName: string;
  masterAddress: string;
  /** Where the master came from: redis-lens's announced master or redis_exporter's poll. */
  source: 'announced' | 'polled';
  replicas: ReplicaInfo[];
  sentinels?: number;
  okSentinels?: number;
  quorumOk?: boolean;
}

export interface TopologyInput {
  /** redis_sentinel_current_master_info (redis-lens). */
  currentMaster: Series[];
  /** redis_sentinel_master_status (redis_exporter), used when redis-lens's series is absent. */
  masterStatus: Series[];
  slaveLag: Series[];
  sentinels: Series[];
  okSentinels: Series[];
  ckquorum: Series[];
}

/** The freshest series per master name wins: after a failover the old address may linger until it goes stale. */
export function currentMasters(
  announced: Series[],
  polled: Series[]
): Map<string, { address: string; source: SentinelGroup['source'] }> {
  const out = new Map<string, { address: string; source: SentinelGroup['source']; time: number }>();
  const consider = (series: Series[], source: SentinelGroup['source']) => {
    for (const s of series) {
      const name = label(s, 'master_name');
      const address = label(s, 'master_address');
      const time = lastTime(s) ?? 0;
      if (!name || !address || lastValue(s) !== 1) {
        continue;
      }
      const seen = out.get(name);
      if (!seen || (seen.source === source && time > seen.time)) {
        out.set(name, { address, source, time });
      }
    }
  };
  consider(announced, 'announced');
  consider(polled, 'polled');
  return new Map([...out].map(([name, { address, source }]) => [name, { address, source }]));
}

function valueFor(series: Series[], masterName: string): number | undefined {
  const match = series.find((s) => label(s, 'master_name') === masterName);
  return match ? lastValue(match) : undefined;
}

export function buildTopology(input: TopologyInput): SentinelGroup[] {
  const masters = currentMasters(input.currentMaster, input.masterStatus);
  return [...masters]
    .map(([masterName, { address, source }]) => {
      const replicas = input.slaveLag
        .filter((s) => normalizeAddress(label(s, 'instance')) === normalizeAddress(address))
        .map((s) => ({
          address: `${label(s, 'slave_ip')}:${label(s, 'slave_port')}`,
          state: label(s, 'slave_state'),
          lagSeconds: lastValue(s),
        }))
        .sort((a, b) => a.address.localeCompare(b.address));
      const sentinels = valueFor(input.sentinels, masterName);
      const ckquorum = valueFor(input.ckquorum, masterName);
      return {
        masterName,
        masterAddress: address,
        source,
        replicas,
        // redis_exporter's count already includes the polled Sentinel itself (3 for a group of 3).
        sentinels,
        okSentinels: valueFor(input.okSentinels, masterName),
        quorumOk: ckquorum === undefined ? undefined : ckquorum === 1,
      };
    })
    .sort((a, b) => a.masterName.localeCompare(b.masterName));
}
