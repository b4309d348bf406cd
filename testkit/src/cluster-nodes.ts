/** One line of `CLUSTER NODES`, parsed (pure; no I/O). */
export interface ClusterNodeInfo {
  id: string;
  host: string;
  port: number;
  busPort: number;
  /** Raw flags: `myself`, `master`, `slave`, `fail?`, `fail`, `handshake`, `noaddr`, `nofailover`. */
  flags: string[];
  myself: boolean;
  role: 'master' | 'replica';
  /** The master's id for a replica, null for a master. */
  masterId: string | null;
  configEpoch: number;
  linkState: 'connected' | 'disconnected';
  /** Inclusive slot ranges served (masters only). */
  slots: Array<[number, number]>;
  /** Only on the `myself` line: slots being migrated to / imported from another node id. */
  migrating: Array<{ slot: number; nodeId: string }>;
  importing: Array<{ slot: number; nodeId: string }>;
}

/** Parses `CLUSTER NODES`: `<id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slot>…`. */
export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  const out: ClusterNodeInfo[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(' ');
    if (f.length < 8) continue;
    const [addr] = f[1].split(',');
    const at = addr.lastIndexOf('@');
    const hostPort = at >= 0 ? addr.slice(0, at) : addr;
    const colon = hostPort.lastIndexOf(':');
    const flags = f[2].split(',');
    const info: ClusterNodeInfo = {
      id: f[0],
      host: hostPort.slice(0, colon),
      port: Number(hostPort.slice(colon + 1)),
      busPort: at >= 0 ? Number(addr.slice(at + 1)) : 0,
      flags,
      myself: flags.includes('myself'),
      role: flags.includes('slave') ? 'replica' : 'master',
      masterId: f[3] === '-' ? null : f[3],
      configEpoch: Number(f[6]),
      linkState: f[7] === 'connected' ? 'connected' : 'disconnected',
      slots: [],
      migrating: [],
      importing: [],
    };
    for (const token of f.slice(8)) {
      const pending = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/.exec(token);
      if (pending) {
        const entry = { slot: Number(pending[1]), nodeId: pending[3] };
        (pending[2] === '>' ? info.migrating : info.importing).push(entry);
        continue;
      }
      const [a, b] = token.split('-');
      if (/^\d+$/.test(a)) info.slots.push([Number(a), Number(b ?? a)]);
    }
    out.push(info);
  }
  return out;
}

/** Every slot a node serves, ascending. */
export function slotsOf(node: Pick<ClusterNodeInfo, 'slots'>): number[] {
  const out: number[] = [];
  for (const [a, b] of [...node.slots].sort((x, y) => x[0] - y[0])) for (let s = a; s <= b; s++) out.push(s);
  return out;
}
