import { execFile } from 'node:child_process';
import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { requireBinary } from './binaries';
import { parseClusterNodes, slotsOf, type ClusterNodeInfo } from './cluster-nodes';
import { removeDir, tempDir, type ManagedProcess } from './process';
import { parseInfo, startRedis, type RedisServer, type StartRedisOptions, type TlsOptions } from './redis';
import type { Address } from './sentinel';
import { generateCertificates, type CertificateSet } from './tls';
import { waitFor } from './wait';

export interface RedisClusterOptions {
  /** Masters, each serving an equal share of the 16384 slots. Default 3 (the minimum `redis-cli` accepts). */
  masters?: number;
  replicasPerMaster?: number;
  /** `requirepass` (and `masterauth`) on every node; redis-cli gets it through REDISCLI_AUTH, never argv. */
  password?: string;
  aclUser?: { username: string; password: string };
  /** Every node, the cluster bus and replication on TLS only, one CA (as the Sentinel topology does). */
  tls?: boolean | TlsOptions;
  maxmemoryPolicy?: string;
  /** `cluster-node-timeout`. Default 1500 ms: failovers in a few seconds, yet no false pfail on a loaded box. */
  nodeTimeoutMs?: number;
  /** Extra `redis.conf` lines for every node. */
  config?: string[];
  /**
   * Every node announces {@link ANNOUNCED_HOSTNAME} (`cluster-announce-hostname`) and it is the preferred endpoint
   * (`cluster-preferred-endpoint-type hostname`, Redis ≥ 7.0), as managed services and Kubernetes run clusters:
   * CLUSTER SLOTS/SHARDS then hand clients the name, not the IP.
   */
  announceHostnames?: boolean;
}

/**
 * The name nodes announce with `announceHostnames`. Only loopback works on the test machines, so it must resolve to
 * 127.0.0.1: `localhost` does, and the kit's server certificates carry SAN DNS:localhost beside IP:127.0.0.1.
 * Endpoints still differ visibly from the IP form: `localhost:PORT` vs `127.0.0.1:PORT`.
 */
export const ANNOUNCED_HOSTNAME = 'localhost';

export type ClusterRole = 'master' | 'replica';

export interface ClusterNode {
  readonly host: string;
  readonly port: number;
  readonly busPort: number;
  /** CLUSTER MYID; kept across a restart (nodes.conf survives in the node's dir). */
  readonly nodeId: string;
  readonly server: RedisServer;
  readonly process: ManagedProcess;
  /** `redis://` or `rediss://` URL without credentials. */
  url(): string;
  /** The name the node announces (`announceHostnames`), undefined otherwise. */
  readonly hostname?: string;
  /** The URL of the node's preferred endpoint: its announced hostname when there is one, else {@link url}. */
  endpointUrl(): string;
  /** The role this node reports for itself now (its `myself` line in CLUSTER NODES). */
  role(): Promise<ClusterRole>;
  isRunning(): boolean;
  /** SIGSTOPped through `hangNode` and not resumed. */
  isHung(): boolean;
  /** ioredis options for a standalone connection to this node (TLS, password). */
  clientOptions(overrides?: RedisOptions): RedisOptions;
  client(overrides?: RedisOptions): Redis;
  /** One command on a short-lived connection, bounded by connect and command timeouts. */
  command(name: string, ...args: (string | number)[]): Promise<unknown>;
}

/** Which slots to move: the first `n` slots the source serves, an inclusive range, or a list. */
export type SlotSelection = number | { start: number; end: number } | number[];

export interface SlotMigration {
  readonly from: ClusterNode;
  readonly to: ClusterNode;
  readonly slots: number[];
  /** MIGRATEs every key of the slots still on the source (the ASK window); returns how many keys moved. */
  moveKeys(): Promise<number>;
  /** Moves any remaining keys, then CLUSTER SETSLOT … NODE on target, source and every other node; settles. */
  finish(): Promise<void>;
}

export interface RedisCluster {
  readonly tls: boolean;
  readonly certificates?: CertificateSet;
  readonly password?: string;
  readonly aclUser?: { username: string; password: string };
  /** Every node the kit started and has not removed, in start order (killed and hung nodes included). */
  readonly nodes: ClusterNode[];
  /** The first node's address (stays a valid seed as long as that node runs). */
  readonly seed: Address;
  /** Addresses of every running, not hung node: startup nodes for a cluster client. */
  startupNodes(): Address[];
  /** ioredis Cluster options reaching the nodes (password, TLS in `redisOptions`). */
  clusterOptions(overrides?: ClusterOptions): ClusterOptions;
  client(overrides?: ClusterOptions): Cluster;
  /** CLUSTER NODES as seen by a live node. */
  topology(): Promise<ClusterNodeInfo[]>;
  /** Masters flagged neither `fail` nor `fail?` by a live node, ordered by the lowest slot they serve. */
  masters(): Promise<ClusterNode[]>;
  /** Replicas of those masters, live view. */
  replicas(): Promise<ClusterNode[]>;
  replicasOf(master: ClusterNode): Promise<ClusterNode[]>;
  masterOfSlot(slot: number): Promise<ClusterNode>;
  nodeByPort(port: number): ClusterNode | undefined;
  nodeById(id: string): ClusterNode | undefined;
  /** SIGKILLs `masters()[i]` and waits for the process to exit; returns the killed node. */
  killMaster(i: number): Promise<ClusterNode>;
  /** Waits until a replica took over the slots `oldMaster` served (when killed/hung) and every live node is ok. */
  waitForFailover(oldMaster: ClusterNode, timeoutMs?: number): Promise<ClusterNode>;
  /** SIGSTOPs a node (remembering the slots it served, for `waitForFailover`). */
  hangNode(node: ClusterNode): Promise<void>;
  resumeNode(node: ClusterNode): void;
  /** Resumes a hung node or restarts a killed one; waits until it rejoined (a former master comes back a replica). */
  reviveNode(node: ClusterNode): Promise<void>;
  /** CLUSTER FAILOVER [FORCE|TAKEOVER] on `replica`; waits until it is master and every live node agrees. */
  manualFailover(replica: ClusterNode, mode?: 'default' | 'force' | 'takeover'): Promise<void>;
  /** Marks slots IMPORTING on `to` and MIGRATING on `from`, and returns: the in-between state is observable. */
  startSlotMigration(from: ClusterNode, to: ClusterNode, slots: SlotSelection): Promise<SlotMigration>;
  /** `startSlotMigration` then `finish`; returns the slots moved. */
  migrateSlots(from: ClusterNode, to: ClusterNode, slots: SlotSelection): Promise<number[]>;
  /** Starts a new node, CLUSTER MEETs it, optionally CLUSTER REPLICATEs it; resolves once everyone knows it. */
  addNode(options?: { replicaOf?: ClusterNode }): Promise<ClusterNode>;
  /** CLUSTER FORGETs a node without slots on every other node, then stops it. */
  removeNode(node: ClusterNode): Promise<void>;
  /** Every live node reports `cluster_state:<state>`. */
  waitForState(state: 'ok' | 'fail', timeoutMs?: number): Promise<void>;
  /** State ok everywhere, every live node knows every node, and all agree on each slot's owner and each role. */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 5_000;
const SETTLE_TIMEOUT_MS = 30_000;
const MIGRATE_BATCH = 100;

function runRedisCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      requireBinary('redis-cli'),
      args,
      { env: { ...process.env, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`redis-cli ${args.slice(0, 2).join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

function makeNode(server: RedisServer, nodeId: string, hung: Set<ClusterNode>, hostname?: string): ClusterNode {
  const node: ClusterNode = {
    host: server.host,
    port: server.port,
    busPort: server.busPort!,
    nodeId,
    server,
    get process() {
      return server.process;
    },
    url: () => server.url(),
    hostname,
    endpointUrl: () => (hostname ? `${server.tls ? 'rediss' : 'redis'}://${hostname}:${server.port}` : server.url()),
    async role() {
      const me = parseClusterNodes(String(await node.command('CLUSTER', 'NODES'))).find((n) => n.myself);
      if (!me) throw new Error(`node ${server.port} did not list itself in CLUSTER NODES`);
      return me.role;
    },
    isRunning: () => server.process.isRunning(),
    isHung: () => hung.has(node),
    clientOptions: (overrides) => server.clientOptions(overrides),
    client: (overrides) => server.client(overrides),
    async command(name, ...args) {
      return callNode(server, name, ...args);
    },
  };
  return node;
}

async function callNode(server: RedisServer, name: string, ...args: (string | number)[]): Promise<unknown> {
  const client = server.client({
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 3_000,
    commandTimeout: COMMAND_TIMEOUT_MS,
    enableReadyCheck: false,
  });
  client.on('error', () => undefined);
  try {
    return await client.call(name, ...args);
  } finally {
    client.disconnect();
  }
}

const clusterInfo = async (node: ClusterNode) => parseInfo(String(await node.command('CLUSTER', 'INFO')));

function selectSlots(selection: SlotSelection, owned: number[]): number[] {
  if (Array.isArray(selection)) return selection;
  if (typeof selection === 'number') {
    if (selection > owned.length) throw new Error(`source serves ${owned.length} slots, cannot move ${selection}`);
    return owned.slice(0, selection);
  }
  const out: number[] = [];
  for (let s = selection.start; s <= selection.end; s++) out.push(s);
  return out;
}

/**
 * A real Redis Cluster on loopback: `masters × (1 + replicasPerMaster)` nodes created with
 * `redis-cli --cluster create`. Resolves once every node reports `cluster_state:ok`, knows every other node, agrees
 * on the slot map, and every replica's link to its master is up.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masterCount = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 1;
  if (masterCount < 3) throw new Error('startRedisCluster: redis-cli --cluster create needs at least 3 masters');
  const tlsOpts = typeof options.tls === 'object' ? options.tls : options.tls ? {} : undefined;
  const certDir = tlsOpts && !tlsOpts.certificates ? tempDir('cluster-tls') : undefined;
  const hung = new Set<ClusterNode>();
  const nodes: ClusterNode[] = [];
  const formerSlot = new Map<string, number>();
  let certificates: CertificateSet | undefined;

  const stop = async () => {
    await Promise.allSettled(nodes.map((n) => n.server.stop()));
    hung.clear();
    if (certDir) removeDir(certDir);
  };

  const live = () => nodes.filter((n) => n.isRunning() && !n.isHung());
  const requireLive = () => {
    const l = live();
    if (!l.length) throw new Error('no cluster node is running');
    return l;
  };

  const nodeOpts = (): StartRedisOptions => ({
    password: options.password,
    aclUser: options.aclUser,
    maxmemoryPolicy: options.maxmemoryPolicy,
    cluster: { nodeTimeoutMs: options.nodeTimeoutMs },
    ...(certificates ? { tls: { certificates, requireClientCert: Boolean(tlsOpts?.requireClientCert) } } : {}),
    config: [
      ...(options.password ? [`masterauth ${options.password}`] : []),
      ...(options.announceHostnames
        ? [`cluster-announce-hostname ${ANNOUNCED_HOSTNAME}`, 'cluster-preferred-endpoint-type hostname']
        : []),
      ...(options.config ?? []),
    ],
  });

  const startNode = async (): Promise<ClusterNode> => {
    const server = await startRedis(nodeOpts());
    try {
      const hostname = options.announceHostnames ? ANNOUNCED_HOSTNAME : undefined;
      const node = makeNode(server, String(await callNode(server, 'CLUSTER', 'MYID')), hung, hostname);
      nodes.push(node);
      return node;
    } catch (error) {
      await server.stop();
      throw error;
    }
  };

  const cliTlsArgs = (): string[] =>
    certificates
      ? ['--tls', '--cacert', certificates.caCert, '--cert', certificates.clientCert, '--key', certificates.clientKey]
      : [];

  const cluster: RedisCluster = {
    get tls() {
      return Boolean(certificates);
    },
    get certificates() {
      return certificates;
    },
    password: options.password,
    aclUser: options.aclUser,
    nodes,
    get seed() {
      return { host: nodes[0].host, port: nodes[0].port };
    },
    startupNodes: () => live().map((n) => ({ host: n.host, port: n.port })),
    clusterOptions(overrides = {}) {
      const base = requireLive()[0].clientOptions();
      const redisOptions: RedisOptions = { password: base.password, ...(base.tls ? { tls: base.tls } : {}) };
      return { ...overrides, redisOptions: { ...redisOptions, ...overrides.redisOptions } };
    },
    client: (overrides) => new Cluster(cluster.startupNodes(), cluster.clusterOptions(overrides)),
    async topology() {
      let lastError: unknown;
      for (const node of requireLive()) {
        try {
          return parseClusterNodes(String(await node.command('CLUSTER', 'NODES')));
        } catch (error) {
          lastError = error;
        }
      }
      throw lastError;
    },
    async masters() {
      const topo = await cluster.topology();
      return topo
        .filter((n) => n.role === 'master' && !n.flags.includes('fail') && !n.flags.includes('fail?'))
        .sort((a, b) => (a.slots[0]?.[0] ?? Infinity) - (b.slots[0]?.[0] ?? Infinity))
        .map((n) => cluster.nodeById(n.id))
        .filter((n): n is ClusterNode => n !== undefined);
    },
    async replicas() {
      const masters = new Set((await cluster.masters()).map((m) => m.nodeId));
      const topo = await cluster.topology();
      return topo
        .filter((n) => n.role === 'replica' && n.masterId !== null && masters.has(n.masterId))
        .map((n) => cluster.nodeById(n.id))
        .filter((n): n is ClusterNode => n !== undefined);
    },
    async replicasOf(master) {
      const topo = await cluster.topology();
      return topo
        .filter((n) => n.role === 'replica' && n.masterId === master.nodeId)
        .map((n) => cluster.nodeById(n.id))
        .filter((n): n is ClusterNode => n !== undefined);
    },
    async masterOfSlot(slot) {
      const owner = (await cluster.topology()).find((n) => n.slots.some(([a, b]) => slot >= a && slot <= b));
      const node = owner && cluster.nodeById(owner.id);
      if (!node) throw new Error(`no known master serves slot ${slot}`);
      return node;
    },
    nodeByPort: (port) => nodes.find((n) => n.port === port),
    nodeById: (id) => nodes.find((n) => n.nodeId === id),
    async killMaster(i) {
      const master = (await cluster.masters())[i];
      if (!master) throw new Error(`no master at index ${i}`);
      await rememberSlot(master);
      master.process.signal('SIGKILL');
      await master.process.exited;
      return master;
    },
    async waitForFailover(oldMaster, timeoutMs = SETTLE_TIMEOUT_MS) {
      const slot = formerSlot.get(oldMaster.nodeId);
      if (slot === undefined) throw new Error(`node ${oldMaster.port} was not killed or hung as a master by the kit`);
      const promoted = await waitFor(
        `a replica to take over slot ${slot} from ${oldMaster.port}`,
        async () => {
          const owner = await cluster.masterOfSlot(slot);
          return owner !== oldMaster ? owner : false;
        },
        { timeoutMs, intervalMs: 100 },
      );
      await cluster.waitForState('ok', timeoutMs);
      return promoted;
    },
    async hangNode(node) {
      await rememberSlot(node);
      node.process.signal('SIGSTOP');
      hung.add(node);
    },
    resumeNode(node) {
      hung.delete(node);
      node.process.signal('SIGCONT');
    },
    async reviveNode(node) {
      if (node.isHung()) cluster.resumeNode(node);
      else if (!node.isRunning()) await node.server.restart();
      await cluster.settle();
    },
    async manualFailover(replica, mode = 'default') {
      await replica.command('CLUSTER', 'FAILOVER', ...(mode === 'default' ? [] : [mode.toUpperCase()]));
      await waitFor(`replica ${replica.port} to be promoted`, async () => (await replica.role()) === 'master', {
        timeoutMs: SETTLE_TIMEOUT_MS,
        intervalMs: 100,
      });
      await cluster.settle();
    },
    async startSlotMigration(from, to, selection) {
      const me = (await cluster.topology()).find((n) => n.id === from.nodeId);
      const slots = selectSlots(selection, me ? slotsOf(me) : []);
      for (const slot of slots) {
        await to.command('CLUSTER', 'SETSLOT', slot, 'IMPORTING', from.nodeId);
        await from.command('CLUSTER', 'SETSLOT', slot, 'MIGRATING', to.nodeId);
      }
      const moveKeys = async () => {
        let moved = 0;
        for (const slot of slots) {
          // Bounded: a slot holds at most the keys written so far; 10 000 batches is far beyond any test.
          for (let batch = 0; batch < 10_000; batch++) {
            const keys = (await from.command('CLUSTER', 'GETKEYSINSLOT', slot, MIGRATE_BATCH)) as string[];
            if (!keys.length) break;
            await from.command(
              'MIGRATE',
              to.host,
              to.port,
              '',
              0,
              COMMAND_TIMEOUT_MS,
              ...migrateAuth(),
              'KEYS',
              ...keys,
            );
            moved += keys.length;
          }
        }
        return moved;
      };
      return {
        from,
        to,
        slots,
        moveKeys,
        async finish() {
          await moveKeys();
          // Target first, then source (as redis-cli does), then every other master (replicas refuse SETSLOT and
          // learn the owner from their master).
          const others = (await cluster.masters()).filter((n) => n !== from && n !== to);
          for (const node of [to, from, ...others]) {
            for (const slot of slots) await node.command('CLUSTER', 'SETSLOT', slot, 'NODE', to.nodeId);
          }
          await cluster.settle();
        },
      };
    },
    async migrateSlots(from, to, selection) {
      const migration = await cluster.startSlotMigration(from, to, selection);
      await migration.finish();
      return migration.slots;
    },
    async addNode({ replicaOf } = {}) {
      const node = await startNode();
      await requireLive()[0].command('CLUSTER', 'MEET', node.host, node.port, node.busPort);
      await waitFor(
        `every node to know the new node ${node.port}`,
        async () => {
          for (const n of live()) {
            const ids = parseClusterNodes(String(await n.command('CLUSTER', 'NODES'))).map((x) => x.id);
            if (!nodes.every((x) => !x.isRunning() || ids.includes(x.nodeId))) return false;
          }
          return true;
        },
        { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 100 },
      );
      if (replicaOf) {
        await node.command('CLUSTER', 'REPLICATE', replicaOf.nodeId);
        await waitForLink(node);
      }
      await cluster.settle();
      return node;
    },
    async removeNode(node) {
      const me = (await cluster.topology()).find((n) => n.id === node.nodeId);
      if (me && slotsOf(me).length) throw new Error(`node ${node.port} still serves slots; migrate them first`);
      if (me?.role === 'master' && (await cluster.replicasOf(node)).length) {
        throw new Error(`node ${node.port} still has replicas; remove or move them first`);
      }
      hung.delete(node);
      await node.server.stop();
      nodes.splice(nodes.indexOf(node), 1);
      for (const other of live()) await other.command('CLUSTER', 'FORGET', node.nodeId);
      await cluster.settle();
    },
    async waitForState(state, timeoutMs = SETTLE_TIMEOUT_MS) {
      await waitFor(
        `cluster_state:${state} on every live node`,
        async () => {
          for (const node of requireLive()) if ((await clusterInfo(node)).cluster_state !== state) return false;
          return true;
        },
        { timeoutMs, intervalMs: 100 },
      );
    },
    async settle(timeoutMs = SETTLE_TIMEOUT_MS) {
      await waitFor(
        'every live node to be ok, know every node and agree on slots and roles',
        async () => {
          let reference: string | undefined;
          for (const node of requireLive()) {
            const ci = await clusterInfo(node);
            if (ci.cluster_state !== 'ok' || Number(ci.cluster_known_nodes) !== nodes.length) return false;
            const view = parseClusterNodes(String(await node.command('CLUSTER', 'NODES')));
            // A live node still suspected (pfail) by someone: wait until the suspicion clears. Hung nodes are
            // expected to be suspected.
            const suspected = (id: string) => {
              const node = cluster.nodeById(id);
              return node !== undefined && node.isRunning() && !node.isHung();
            };
            if (view.some((n) => n.flags.includes('fail?') && suspected(n.id))) return false;
            const summary = view
              .map((n) => `${n.id} ${n.role} ${n.masterId ?? '-'} ${JSON.stringify(n.slots)}`)
              .sort()
              .join('\n');
            if (reference === undefined) reference = summary;
            else if (summary !== reference) return false;
          }
          return true;
        },
        { timeoutMs, intervalMs: 150 },
      );
    },
    stop,
  };

  function migrateAuth(): string[] {
    if (options.password) return ['AUTH', options.password];
    return [];
  }

  async function rememberSlot(master: ClusterNode) {
    const me = (await cluster.topology()).find((n) => n.id === master.nodeId);
    const first = me?.slots[0]?.[0];
    if (first !== undefined) formerSlot.set(master.nodeId, first);
  }

  async function waitForLink(replica: ClusterNode) {
    await waitFor(
      `replica ${replica.port} to sync with its master`,
      async () => parseInfo(String(await replica.command('INFO', 'replication'))).master_link_status === 'up',
      { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 100 },
    );
  }

  try {
    certificates = tlsOpts ? (tlsOpts.certificates ?? generateCertificates(certDir!)) : undefined;
    const total = masterCount * (1 + replicasPerMaster);
    // Sequential: 2 cores shared with other tests; each start is ~50 ms anyway.
    for (let i = 0; i < total; i++) await startNode();
    await runRedisCli(
      [
        ...cliTlsArgs(),
        '--cluster',
        'create',
        ...nodes.map((n) => `${n.host}:${n.port}`),
        '--cluster-replicas',
        String(replicasPerMaster),
        '--cluster-yes',
      ],
      options.password ? { REDISCLI_AUTH: options.password } : {},
    );
    await cluster.settle();
    for (const replica of await cluster.replicas()) await waitForLink(replica);
  } catch (error) {
    await stop();
    throw error;
  }
  return cluster;
}
