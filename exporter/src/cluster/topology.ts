/**
 * Redis Cluster topology (pure, no I/O): parsers for `CLUSTER INFO`, `CLUSTER NODES` and `CLUSTER SHARDS` (Redis 7.0
 * RESP2 shape, no shard-id), one merged topology from several nodes' views, the `shard` id of
 * docs/metrics.md "Redis Cluster" (lowest slot served), and the Prometheus http_sd answer.
 */
import { isIP } from 'node:net';

export const CLUSTER_SLOTS = 16384;
/** Bounds what a hostile or huge reply can make the exporter hold. */
const MAX_NODES = 1_000;
const MAX_RANGES_PER_NODE = 16_384;
const NODE_ID = /^[0-9a-f]{40}$/;
/**
 * What Redis itself accepts for `cluster-announce-hostname` (letters, digits, `-`, `.`, under 256 characters). A reply
 * with anything else (spaces, `/`, `@`, newlines: a hostile or broken server) is treated as no hostname, so it can
 * never reshape a target URL, the http_sd JSON or a log line.
 */
const HOSTNAME = /^[A-Za-z0-9.-]{1,255}$/;

/** The announced hostname if it is one Redis would accept, else undefined. */
export function validHostname(text: string | undefined): string | undefined {
  return text !== undefined && HOSTNAME.test(text) ? text : undefined;
}

export type NodeHealth = 'online' | 'pfail' | 'fail';
export type NodeRole = 'master' | 'replica';

/** `CLUSTER INFO` as `field → text`; numbers are read with {@link infoNumber}. */
export function parseClusterInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([a-z_][a-z0-9_]{0,99}):([^\r\n]{0,200})$/.exec(line);
    if (match) out.set(match[1], match[2]);
  }
  return out;
}

export function infoNumber(info: Map<string, string>, field: string): number | undefined {
  const text = info.get(field);
  if (text === undefined || !/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

export interface SlotMove {
  slot: number;
  /** The other node of the move: the destination of a migrating slot, the source of an importing one. */
  peer: string;
}

/** One line of `CLUSTER NODES`. */
export interface ClusterNodeEntry {
  id: string;
  host: string;
  port: number;
  /** `cluster-announce-hostname` (Redis ≥ 7.0), when the node announces a valid one. */
  hostname?: string;
  flags: string[];
  myself: boolean;
  role: NodeRole;
  /** For a replica, the master it replicates. */
  masterId?: string;
  configEpoch: number;
  linkState: 'connected' | 'disconnected';
  health: NodeHealth;
  slots: [number, number][];
  /** Only the `myself` line shows these (`[slot->-id]`, `[slot-<-id]`). */
  migrating: SlotMove[];
  importing: SlotMove[];
}

function slotNumber(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n < CLUSTER_SLOTS ? n : undefined;
}

/** Health from the flags: `fail` beats `fail?` (PFAIL). */
export function healthOf(flags: readonly string[]): NodeHealth {
  if (flags.includes('fail')) return 'fail';
  if (flags.includes('fail?')) return 'pfail';
  return 'online';
}

/** Parses `CLUSTER NODES`; malformed lines are skipped, never thrown on. */
export function parseClusterNodes(text: string): ClusterNodeEntry[] {
  const out: ClusterNodeEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (out.length >= MAX_NODES) break;
    const parts = line.trim().split(' ');
    if (parts.length < 8 || !NODE_ID.test(parts[0])) continue;
    const [id, address, flagText, master, , , epoch, link, ...slotParts] = parts;
    // ip:port@cport[,hostname[,aux=value…]] (7.0: `,hostname` only when announced; 7.2: `,,shard-id=…` without one);
    // ip may be IPv6 (no brackets in CLUSTER NODES), so split at the last ':'.
    const [endpoint, hostname] = address.split(',', 2);
    const hostPort = endpoint.split('@')[0];
    const colon = hostPort.lastIndexOf(':');
    const port = Number(hostPort.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) continue;
    const flags = flagText.split(',').filter(Boolean);
    const entry: ClusterNodeEntry = {
      id,
      host: hostPort.slice(0, colon),
      port,
      hostname: validHostname(hostname),
      flags,
      myself: flags.includes('myself'),
      role: flags.includes('slave') ? 'replica' : 'master',
      masterId: NODE_ID.test(master) ? master : undefined,
      configEpoch: /^\d+$/.test(epoch) ? Number(epoch) : 0,
      linkState: link === 'connected' ? 'connected' : 'disconnected',
      health: healthOf(flags),
      slots: [],
      migrating: [],
      importing: [],
    };
    for (const part of slotParts.slice(0, MAX_RANGES_PER_NODE)) {
      const move = /^\[(\d+)-([<>])-([0-9a-f]{40})\]$/.exec(part);
      if (move) {
        const slot = slotNumber(move[1]);
        if (slot === undefined) continue;
        (move[2] === '>' ? entry.migrating : entry.importing).push({ slot, peer: move[3] });
        continue;
      }
      const [a, b] = part.split('-');
      const start = slotNumber(a);
      const end = b === undefined ? start : slotNumber(b);
      if (start !== undefined && end !== undefined && end >= start) entry.slots.push([start, end]);
    }
    out.push(entry);
  }
  return out;
}

/** One node of `CLUSTER SHARDS` (7.0: id, port/tls-port, ip, endpoint, hostname, role, replication-offset, health). */
export interface ShardsNode {
  id: string;
  ip?: string;
  /** The node's preferred endpoint (`cluster-preferred-endpoint-type`); absent when it is `?` (unknown) or invalid. */
  endpoint?: string;
  hostname?: string;
  port?: number;
  tlsPort?: number;
  role?: NodeRole;
  health?: string;
}

export interface ShardsEntry {
  slots: [number, number][];
  nodes: ShardsNode[];
}

/** `[k1, v1, k2, v2, …]` (RESP2 map) → Map; anything else → empty. */
function pairs(reply: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out.set(String(reply[i]), reply[i + 1]);
  return out;
}

const portOf = (v: unknown): number | undefined => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n <= 65535 ? n : undefined;
};
const textOf = (v: unknown): string | undefined =>
  typeof v === 'string' || Buffer.isBuffer(v) ? String(v).slice(0, 255) : undefined;

const wholeTextOf = (v: unknown): string | undefined =>
  typeof v === 'string' || Buffer.isBuffer(v) ? String(v) : undefined;
/** A `CLUSTER SHARDS` endpoint: a hostname or an IPv4/IPv6 address; `?` (unknown endpoint) is not one. */
const validEndpoint = (text: string | undefined): string | undefined =>
  text !== undefined && (validHostname(text) || isIP(text)) ? text : undefined;

/** Parses the `CLUSTER SHARDS` reply (Redis ≥ 7.0); entries it cannot read are skipped. */
export function parseClusterShards(reply: unknown): ShardsEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: ShardsEntry[] = [];
  for (const raw of reply.slice(0, MAX_NODES)) {
    const shard = pairs(raw);
    const flat = Array.isArray(shard.get('slots')) ? (shard.get('slots') as unknown[]).map(Number) : [];
    const slots: [number, number][] = [];
    for (let i = 0; i + 1 < flat.length && slots.length < MAX_RANGES_PER_NODE; i += 2) {
      const [a, b] = [flat[i], flat[i + 1]];
      if (Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= a && b < CLUSTER_SLOTS) slots.push([a, b]);
    }
    const nodes: ShardsNode[] = [];
    for (const rawNode of Array.isArray(shard.get('nodes')) ? (shard.get('nodes') as unknown[]) : []) {
      const n = pairs(rawNode);
      const id = textOf(n.get('id'));
      if (!id || !NODE_ID.test(id)) continue;
      const role = textOf(n.get('role'));
      nodes.push({
        id,
        ip: textOf(n.get('ip')),
        // Validated whole, not cut to length: a cut 300-character name would be a different, valid-looking host.
        endpoint: validEndpoint(wholeTextOf(n.get('endpoint'))),
        hostname: validHostname(wholeTextOf(n.get('hostname'))),
        port: portOf(n.get('port')),
        tlsPort: portOf(n.get('tls-port')),
        role: role === 'master' ? 'master' : role === 'replica' ? 'replica' : undefined,
        health: textOf(n.get('health')),
      });
    }
    out.push({ slots, nodes });
  }
  return out;
}

/** What one node told us: its `CLUSTER INFO` and `CLUSTER NODES` (and `CLUSTER SHARDS` on Redis ≥ 7). */
export interface ClusterView {
  /** `host:port` the exporter asked. */
  source: string;
  info: Map<string, string>;
  nodes: ClusterNodeEntry[];
  shards?: ShardsEntry[];
}

export interface TopologyNode {
  id: string;
  host: string;
  port: number;
  /** `ip:port` as the cluster announces it: the node's identity in labels, whatever name it also announces. */
  addr: string;
  /** `cluster-announce-hostname`, when announced. */
  hostname?: string;
  /**
   * The node's preferred endpoint from `CLUSTER SHARDS` (its hostname under `cluster-preferred-endpoint-type
   * hostname`, else its ip); undefined when unknown (`?`) or on Redis < 7.
   */
  endpoint?: string;
  role: NodeRole;
  masterId?: string;
  shard: string;
  linkState: 'connected' | 'disconnected';
  health: NodeHealth;
  slotCount: number;
  slots: [number, number][];
  migrating: SlotMove[];
  importing: SlotMove[];
  /** From `CLUSTER SHARDS` when the node reported one (TLS clusters announce it beside the plain port). */
  tlsPort?: number;
}

export interface TopologyShard {
  id: string;
  masterId: string;
  masterAddr: string;
  slotCount: number;
  replicas: string[];
  healthyReplicas: number;
}

export interface ClusterTopology {
  nodes: TopologyNode[];
  shards: TopologyShard[];
  /** Every view that answered said `cluster_state:ok`. */
  stateOk: boolean;
  currentEpoch: number;
  /** The view the slot map and roles were taken from (the highest current epoch). */
  reference?: string;
}

export const slotCount = (ranges: readonly [number, number][]): number =>
  ranges.reduce((sum, [a, b]) => sum + b - a + 1, 0);

/** The contract's shard id: the lowest slot served, or `none-<8 hex of the node id>` for a master without slots. */
export function shardIdOf(masterId: string, slots: readonly [number, number][]): string {
  if (!slots.length) return `none-${masterId.slice(0, 8)}`;
  return String(Math.min(...slots.map(([a]) => a)));
}

const WORSE: Record<NodeHealth, number> = { online: 0, pfail: 1, fail: 2 };

/**
 * One topology from several nodes' views. Slots and roles come from the view with the highest `cluster_current_epoch`
 * (it has seen the latest failover); a node's health is the worst any view reports (PFAIL is local to the node
 * that cannot reach it); migrating/importing come from each node's own `myself` line, the only place they appear.
 */
export function mergeViews(views: readonly ClusterView[]): ClusterTopology {
  const answered = views.filter((v) => v.nodes.length);
  if (!answered.length) return { nodes: [], shards: [], stateOk: false, currentEpoch: 0 };
  const epochOf = (v: ClusterView) => infoNumber(v.info, 'cluster_current_epoch') ?? 0;
  const reference = answered.reduce((best, v) => (epochOf(v) > epochOf(best) ? v : best));
  const health = new Map<string, NodeHealth>();
  const own = new Map<string, ClusterNodeEntry>();
  const tlsPorts = new Map<string, number>();
  const shardsNodes = new Map<string, ShardsNode>();
  for (const view of answered) {
    for (const n of view.nodes) {
      const worst = health.get(n.id);
      if (!worst || WORSE[n.health] > WORSE[worst]) health.set(n.id, n.health);
      if (n.myself) own.set(n.id, n);
    }
    for (const shard of view.shards ?? []) {
      for (const n of shard.nodes) {
        if (n.tlsPort) tlsPorts.set(n.id, n.tlsPort);
        if (view === reference || !shardsNodes.has(n.id)) shardsNodes.set(n.id, n);
      }
    }
  }
  const masters = reference.nodes.filter((n) => n.role === 'master');
  const shardOfMaster = new Map(masters.map((m) => [m.id, shardIdOf(m.id, m.slots)]));
  const nodes: TopologyNode[] = reference.nodes.map((n) => {
    const self = own.get(n.id);
    const shard =
      n.role === 'master'
        ? shardOfMaster.get(n.id)!
        : (shardOfMaster.get(n.masterId ?? '') ?? `none-${(n.masterId ?? n.id).slice(0, 8)}`);
    return {
      id: n.id,
      host: n.host,
      port: n.port,
      addr: `${n.host}:${n.port}`,
      hostname: n.hostname ?? shardsNodes.get(n.id)?.hostname,
      endpoint: shardsNodes.get(n.id)?.endpoint,
      role: n.role,
      masterId: n.role === 'replica' ? n.masterId : undefined,
      shard,
      linkState: n.myself ? 'connected' : n.linkState,
      health: health.get(n.id) ?? n.health,
      slotCount: n.role === 'master' ? slotCount(n.slots) : 0,
      slots: n.role === 'master' ? n.slots : [],
      migrating: self?.migrating ?? [],
      importing: self?.importing ?? [],
      tlsPort: tlsPorts.get(n.id),
    };
  });
  const shards: TopologyShard[] = masters.map((m) => {
    const replicas = nodes.filter((n) => n.role === 'replica' && n.masterId === m.id);
    return {
      id: shardOfMaster.get(m.id)!,
      masterId: m.id,
      masterAddr: `${m.host}:${m.port}`,
      slotCount: slotCount(m.slots),
      replicas: replicas.map((r) => r.id),
      healthyReplicas: replicas.filter((r) => r.health === 'online' && r.linkState === 'connected').length,
    };
  });
  return {
    nodes,
    shards,
    stateOk: answered.every((v) => v.info.get('cluster_state') === 'ok'),
    currentEpoch: epochOf(reference),
    reference: reference.source,
  };
}

/**
 * The host the exporter itself dials a node at: the cluster's preferred endpoint, as cluster clients use it (a
 * managed service or Kubernetes announces names because the ip is not reachable or not on the TLS certificate),
 * else the ip.
 */
export const dialHost = (node: Pick<TopologyNode, 'host' | 'endpoint'>): string => node.endpoint ?? node.host;

/** The port to dial: the TLS port on a TLS cluster when announced. */
export const dialPort = (node: Pick<TopologyNode, 'port' | 'tlsPort'>, tls: boolean): number =>
  tls && node.tlsPort ? node.tlsPort : node.port;

/** `redis://host:port` (or `rediss://`) of a node at `host` (default: its ip). */
export function nodeTarget(
  node: Pick<TopologyNode, 'host' | 'port' | 'tlsPort'>,
  tls: boolean,
  host: string = node.host,
): string {
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return `${tls ? 'rediss' : 'redis'}://${bracketed}:${dialPort(node, tls)}`;
}

/**
 * The target Prometheus is handed for a node: its ip, or with `hostnames` (redis_exporter's
 * `--cluster-discover-hostnames`) its announced hostname when it has one.
 */
export function sdTarget(
  node: Pick<TopologyNode, 'host' | 'port' | 'tlsPort' | 'hostname'>,
  tls: boolean,
  hostnames: boolean,
): string {
  return nodeTarget(node, tls, hostnames && node.hostname ? node.hostname : node.host);
}

export interface HttpSdGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** Prometheus http_sd: one group per node with its `shard` and `role` (nodes without an address are left out). */
export function httpSdGroups(topology: ClusterTopology, tls: boolean, hostnames = false): HttpSdGroup[] {
  return topology.nodes
    .filter((n) => n.host && n.port > 0)
    .map((n) => ({ targets: [sdTarget(n, tls, hostnames)], labels: { shard: n.shard, role: n.role } }));
}
