import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis, { type RedisOptions } from 'ioredis';
import { freePort, releasePort } from './ports';
import { removeDir, spawnManaged, tempDir, waitForLog, type ManagedProcess } from './process';
import {
  info,
  startRedis,
  waitForReplication,
  type RedisServer,
  type StartRedisOptions,
  type TlsOptions,
} from './redis';
import { generateCertificates, type CertificateSet } from './tls';
import { waitFor } from './wait';

export interface SentinelTopologyOptions {
  replicas?: number;
  sentinels?: number;
  masterName?: string;
  quorum?: number;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
  /** Options for every data node (password, policy). Sentinels get `sentinel auth-pass` for the password. */
  redis?: Omit<StartRedisOptions, 'replicaOf' | 'tls'>;
  /** `requirepass` on every Sentinel (Sentinels then authenticate to each other with it). */
  sentinelPassword?: string;
  /**
   * The whole topology over TLS, with one CA: data nodes and Sentinels listen only on a TLS port (plain `port 0`),
   * replication and every Sentinel link (to the data nodes and to the other Sentinels) use TLS
   * (`tls-replication yes`). `requireClientCert` applies to data nodes and Sentinels alike; Sentinels present
   * their server certificate (issued for serverAuth and clientAuth) as client certificate.
   */
  tls?: boolean | TlsOptions;
}

export interface SentinelNode {
  readonly host: string;
  /** The plain TCP port, or the TLS port when the topology runs TLS (plain TCP is then disabled). */
  readonly port: number;
  readonly tls: boolean;
  readonly dir: string;
  process: ManagedProcess;
  /** ioredis options that reach this Sentinel (TLS with the topology's CA and client certificate, password). */
  clientOptions(overrides?: RedisOptions): RedisOptions;
  client(overrides?: RedisOptions): Redis;
  stop(): Promise<void>;
}

export interface Address {
  host: string;
  port: number;
}

export type FailoverMode = 'sentinel' | 'kill' | 'hang';

export interface FailoverResult {
  mode: FailoverMode;
  oldMaster: Address;
  newMaster: Address;
  /** From the fault (or the SENTINEL FAILOVER command) to `+switch-master` as seen by the test. */
  elapsedMs: number;
}

export interface SentinelTopology {
  readonly masterName: string;
  readonly tls: boolean;
  /** The one CA (with server and client certificates) every node and Sentinel uses when `tls` is on. */
  readonly certificates?: CertificateSet;
  readonly nodes: RedisServer[];
  readonly sentinels: SentinelNode[];
  /** The data node Sentinel currently names as master. */
  master(): Promise<RedisServer>;
  replicas(): Promise<RedisServer[]>;
  currentMasterAddress(): Promise<Address>;
  nodeByPort(port: number): RedisServer | undefined;
  /** Subscribes to `+switch-master` on a live Sentinel; resolves with the new master. */
  waitForSwitchMaster(timeoutMs?: number): { ready: Promise<void>; switched: Promise<Address> };
  /** Waits until every live Sentinel flags the master as healthy with no failover in progress. */
  settle(timeoutMs?: number): Promise<void>;
  /** Triggers a failover of the current master (after `settle`) and waits for `+switch-master`. */
  failover(mode: FailoverMode, timeoutMs?: number): Promise<FailoverResult>;
  /** Brings a killed/hung old master back; Sentinel then reconfigures it as a replica. */
  revive(node: RedisServer): Promise<void>;
  stop(): Promise<void>;
}

/** ioredis TLS options a test client uses for a topology node: the topology's CA and its client certificate. */
function clientTls(certs: CertificateSet): RedisOptions['tls'] {
  return {
    ca: readFileSync(certs.caCert),
    cert: readFileSync(certs.clientCert),
    key: readFileSync(certs.clientKey),
    servername: 'localhost',
  };
}

async function startSentinel(
  masterName: string,
  master: RedisServer,
  opts: Required<Pick<SentinelTopologyOptions, 'quorum' | 'downAfterMs' | 'failoverTimeoutMs'>>,
  password?: string,
  sentinelPassword?: string,
  tls?: { certificates: CertificateSet; requireClientCert: boolean },
): Promise<SentinelNode> {
  const port = await freePort();
  const dir = tempDir('sentinel');
  const configFile = join(dir, 'sentinel.conf');
  const listen = tls
    ? [
        'port 0',
        `tls-port ${port}`,
        `tls-cert-file ${tls.certificates.serverCert}`,
        `tls-key-file ${tls.certificates.serverKey}`,
        `tls-ca-cert-file ${tls.certificates.caCert}`,
        `tls-auth-clients ${tls.requireClientCert ? 'yes' : 'optional'}`,
        // Outgoing links (to the data nodes and to the other Sentinels) over TLS too; hello messages then
        // announce the TLS port.
        'tls-replication yes',
      ]
    : [`port ${port}`];
  const lines = [
    'bind 127.0.0.1',
    ...listen,
    `dir ${dir}`,
    `logfile ${join(dir, 'sentinel.log')}`,
    'sentinel announce-ip 127.0.0.1',
    `sentinel monitor ${masterName} 127.0.0.1 ${master.port} ${opts.quorum}`,
    `sentinel down-after-milliseconds ${masterName} ${opts.downAfterMs}`,
    `sentinel failover-timeout ${masterName} ${opts.failoverTimeoutMs}`,
    `sentinel parallel-syncs ${masterName} 1`,
  ];
  if (password) lines.push(`sentinel auth-pass ${masterName} ${password}`);
  if (sentinelPassword) lines.push(`requirepass ${sentinelPassword}`);
  // Sentinel rewrites its config file, so it lives in the sentinel's own temp dir.
  writeFileSync(configFile, lines.join('\n') + '\n', { mode: 0o600 });
  const logFile = join(dir, 'sentinel.log');
  const proc = spawnManaged(`redis-sentinel:${port}`, 'redis-sentinel', [configFile], {
    cwd: dir,
    logFile: join(dir, 'stdout.log'),
  });
  await waitForLog(proc, /Sentinel ID is/, { logFile });
  const node: SentinelNode = {
    host: '127.0.0.1',
    port,
    tls: Boolean(tls),
    dir,
    process: proc,
    clientOptions: (overrides = {}) => ({
      host: '127.0.0.1',
      port,
      password: sentinelPassword,
      maxRetriesPerRequest: 1,
      ...(tls ? { tls: clientTls(tls.certificates) } : {}),
      ...overrides,
    }),
    client: (overrides = {}) => new Redis(node.clientOptions(overrides)),
    async stop() {
      await proc.stop();
      releasePort(port);
      removeDir(dir);
    },
  };
  return node;
}

/** Parses the flat [k1, v1, k2, v2, ...] arrays that SENTINEL MASTER/REPLICAS return. */
export function pairsToRecord(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

async function sentinelCall(node: SentinelNode, ...args: string[]): Promise<unknown> {
  const client = node.client({ retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 2_000 });
  try {
    return await client.call('SENTINEL', ...args);
  } finally {
    client.disconnect();
  }
}

/**
 * A real master + replicas + Sentinels on loopback. Resolves only when replication is up and every Sentinel sees
 * the master, all replicas and all other Sentinels — so a failover test can start at once.
 */
export async function startSentinelTopology(options: SentinelTopologyOptions = {}): Promise<SentinelTopology> {
  const replicaCount = options.replicas ?? 2;
  const sentinelCount = options.sentinels ?? 3;
  const masterName = options.masterName ?? 'mymaster';
  const sentinelOpts = {
    quorum: options.quorum ?? Math.floor(sentinelCount / 2) + 1,
    downAfterMs: options.downAfterMs ?? 1_000,
    failoverTimeoutMs: options.failoverTimeoutMs ?? 5_000,
  };
  const redisOpts = options.redis ?? {};
  const nodes: RedisServer[] = [];
  const sentinels: SentinelNode[] = [];
  const tlsOpts = typeof options.tls === 'object' ? options.tls : options.tls ? {} : undefined;
  // One CA for every node and Sentinel, so they all verify each other; generated here unless the caller gives one.
  const certDir = tlsOpts && !tlsOpts.certificates ? tempDir('sentinel-topology-tls') : undefined;
  let certificates: CertificateSet | undefined;

  const stop = async () => {
    await Promise.allSettled(sentinels.map((s) => s.stop()));
    await Promise.allSettled(nodes.map((n) => n.stop()));
    if (certDir) removeDir(certDir);
  };

  try {
    certificates = tlsOpts ? (tlsOpts.certificates ?? generateCertificates(certDir!)) : undefined;
    const sentinelTls = certificates
      ? { certificates, requireClientCert: Boolean(tlsOpts?.requireClientCert) }
      : undefined;
    // Replicas authenticate to the master with the same password (`masterauth`), so a promoted node works too.
    const nodeOpts: StartRedisOptions = {
      ...redisOpts,
      ...(sentinelTls ? { tls: sentinelTls } : {}),
      config: [...(redisOpts.config ?? []), ...(redisOpts.password ? [`masterauth ${redisOpts.password}`] : [])],
    };
    const master = await startRedis(nodeOpts);
    nodes.push(master);
    const replicas = await Promise.all(
      Array.from({ length: replicaCount }, () =>
        startRedis({ ...nodeOpts, replicaOf: { host: '127.0.0.1', port: master.port } }),
      ),
    );
    nodes.push(...replicas);
    await Promise.all(replicas.map((r) => waitForReplication(r)));

    sentinels.push(
      ...(await Promise.all(
        Array.from({ length: sentinelCount }, () =>
          startSentinel(masterName, master, sentinelOpts, redisOpts.password, options.sentinelPassword, sentinelTls),
        ),
      )),
    );
    for (const sentinel of sentinels) {
      await waitFor(
        `sentinel ${sentinel.port} to see ${replicaCount} replicas and ${sentinelCount - 1} other sentinels`,
        async () => {
          const m = pairsToRecord(await sentinelCall(sentinel, 'MASTER', masterName));
          return (
            Number(m['num-slaves']) === replicaCount &&
            Number(m['num-other-sentinels']) === sentinelCount - 1 &&
            !m.flags?.includes('down')
          );
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const liveSentinel = (): SentinelNode => {
    const s = sentinels.find((node) => node.process.isRunning());
    if (!s) throw new Error('no Sentinel is running');
    return s;
  };

  const topology: SentinelTopology = {
    masterName,
    tls: Boolean(certificates),
    certificates,
    nodes,
    sentinels,
    async currentMasterAddress() {
      const reply = (await sentinelCall(liveSentinel(), 'GET-MASTER-ADDR-BY-NAME', masterName)) as string[];
      return { host: reply[0], port: Number(reply[1]) };
    },
    nodeByPort: (port) => nodes.find((n) => n.port === port),
    async master() {
      const { port } = await topology.currentMasterAddress();
      const node = topology.nodeByPort(port);
      if (!node) throw new Error(`Sentinel names unknown master port ${port}`);
      return node;
    },
    async replicas() {
      const master = await topology.master();
      return nodes.filter((n) => n !== master);
    },
    waitForSwitchMaster(timeoutMs = 30_000) {
      const sub = liveSentinel().client({ maxRetriesPerRequest: null });
      let timer: NodeJS.Timeout | undefined;
      const ready = sub.subscribe('+switch-master').then(() => undefined);
      const switched = new Promise<Address>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no +switch-master within ${timeoutMs} ms`)), timeoutMs);
        sub.on('message', (_channel: string, message: string) => {
          // "<name> <old-ip> <old-port> <new-ip> <new-port>"
          const parts = message.split(' ');
          if (parts[0] === masterName) resolve({ host: parts[3], port: Number(parts[4]) });
        });
      }).finally(() => {
        clearTimeout(timer);
        sub.disconnect();
      });
      return { ready, switched };
    },
    async settle(timeoutMs = 30_000) {
      await waitFor(
        'every live Sentinel to see a healthy master with no failover in progress',
        async () => {
          for (const sentinel of sentinels.filter((s) => s.process.isRunning())) {
            const m = pairsToRecord(await sentinelCall(sentinel, 'MASTER', masterName));
            if (m.flags !== 'master') return false;
          }
          return true;
        },
        { timeoutMs, intervalMs: 200 },
      );
    },
    async failover(mode, timeoutMs = 30_000) {
      // A failover right after another (or after a revive) would be refused with INPROG while Sentinel finishes.
      await topology.settle(timeoutMs);
      const oldMasterNode = await topology.master();
      const oldMaster = { host: oldMasterNode.host, port: oldMasterNode.port };
      const watch = topology.waitForSwitchMaster(timeoutMs);
      await watch.ready;
      const started = Date.now();
      if (mode === 'sentinel') {
        await waitFor(
          'SENTINEL FAILOVER to be accepted',
          async () => {
            try {
              return (await sentinelCall(liveSentinel(), 'FAILOVER', masterName)) === 'OK';
            } catch (error) {
              if (/INPROG/.test((error as Error).message)) return false; // bounded retry: Sentinel is still busy
              throw error;
            }
          },
          { timeoutMs, intervalMs: 500 },
        );
      } else oldMasterNode.process.signal(mode === 'kill' ? 'SIGKILL' : 'SIGSTOP');
      const newMaster = await watch.switched;
      return { mode, oldMaster, newMaster, elapsedMs: Date.now() - started };
    },
    async revive(node) {
      if (node.process.isRunning()) {
        node.process.signal('SIGCONT');
      } else {
        await node.restart();
      }
      await waitFor(
        `old master ${node.port} to be reconfigured as a replica`,
        async () => (await info(node, 'replication')).role === 'slave',
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    },
    stop,
  };
  return topology;
}
