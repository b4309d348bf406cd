import type { Sample } from '../catalog';

/** The flat [k1, v1, k2, v2…] arrays SENTINEL MASTERS/REPLICAS/SENTINELS return, as records. */
export function pairsToRecord(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

export function recordList(reply: unknown): Record<string, string>[] {
  return Array.isArray(reply) ? reply.map(pairsToRecord) : [];
}

const isDown = (flags: string | undefined) => !flags || flags.includes('s_down') || flags.includes('o_down');

export interface SentinelMasterDetail {
  master: Record<string, string>;
  /** CKQUORUM reply text, or the error message when quorum cannot be reached. */
  ckquorum: { ok: boolean; message: string };
  replicas: Record<string, string>[];
  sentinels: Record<string, string>[];
}

/**
 * Polled Sentinel metrics for one master, as redis_exporter names them; `peerInfo` (its
 * `--include-sentinel-peer-info`) adds one `sentinel_peer_info` series per other Sentinel.
 */
export function sentinelMasterSamples(d: SentinelMasterDetail, opts: { peerInfo?: boolean } = {}): Sample[] {
  const name = d.master.name;
  if (!name || !d.master.ip || !d.master.port) return [];
  const labels = { master_name: name, master_address: `${d.master.ip}:${d.master.port}` };
  const out: Sample[] = [
    {
      name: 'sentinel_master_ckquorum_status',
      labels: { master_name: name, message: d.ckquorum.message },
      value: d.ckquorum.ok ? 1 : 0,
    },
    // This Sentinel counts itself, as redis_exporter does.
    { name: 'sentinel_master_ok_sentinels', labels, value: 1 + d.sentinels.filter((s) => !isDown(s.flags)).length },
    { name: 'sentinel_master_ok_slaves', labels, value: d.replicas.filter((s) => !isDown(s.flags)).length },
  ];
  const settings: [string, string][] = [
    ['config-epoch', 'sentinel_master_config_epoch'],
    ['quorum', 'sentinel_master_setting_ckquorum'],
    ['failover-timeout', 'sentinel_master_setting_failover_timeout'],
    ['parallel-syncs', 'sentinel_master_setting_parallel_syncs'],
    ['down-after-milliseconds', 'sentinel_master_setting_down_after_milliseconds'],
  ];
  for (const [field, metric] of settings) {
    const value = Number(d.master[field]);
    if (d.master[field] !== undefined && Number.isFinite(value)) out.push({ name: metric, labels, value });
  }
  const lastOkPingMs = Number(d.master['last-ok-ping-reply']);
  if (d.master['last-ok-ping-reply'] !== undefined && Number.isFinite(lastOkPingMs)) {
    out.push({ name: 'sentinel_master_last_ok_ping_reply_seconds', labels, value: lastOkPingMs / 1000 });
  }
  if (opts.peerInfo) {
    for (const s of d.sentinels) {
      const peer = {
        name: s.name ?? '',
        ip: s.ip ?? '',
        port: s.port ?? '',
        runid: s.runid ?? '',
        flags: s.flags ?? '',
      };
      out.push({ name: 'sentinel_peer_info', labels: { ...labels, ...peer }, value: 1 });
    }
  }
  return out;
}
