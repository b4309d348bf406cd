import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis, { type RedisOptions } from 'ioredis';
import { freePort, releasePort } from './ports';
import { removeDir, spawnManaged, tempDir, waitForLog, type ManagedProcess } from './process';
import { generateCertificates, type CertificateSet } from './tls';
import { waitFor } from './wait';

export interface TlsOptions {
  /** Require clients to present a certificate signed by the CA (mTLS). Default: optional. */
  requireClientCert?: boolean;
  /** Reuse certificates (e.g. one CA for a whole topology); generated fresh otherwise. */
  certificates?: CertificateSet;
}

export interface StartRedisOptions {
  /** `requirepass` for the default user. Written to the config file, never to argv. */
  password?: string;
  /** An extra ACL user with full access. */
  aclUser?: { username: string; password: string };
  maxmemoryPolicy?: string;
  maxmemory?: string;
  tls?: boolean | TlsOptions;
  replicaOf?: { host: string; port: number; password?: string };
  /**
   * Run as a Redis Cluster node (`cluster-enabled yes`): a second free port is claimed for the cluster bus
   * (`cluster-port`), the node announces 127.0.0.1, and with TLS the bus runs TLS too (`tls-cluster yes`).
   */
  cluster?: boolean | ClusterNodeOptions;
  /** Extra `redis.conf` lines. */
  config?: string[];
}

export interface ClusterNodeOptions {
  /** `cluster-node-timeout`: how long a node may be unreachable before it is flagged pfail. Default 1500 ms. */
  nodeTimeoutMs?: number;
}

export interface RedisServer {
  readonly host: string;
  /** The plain TCP port, or the TLS port when TLS is on (plain TCP is then disabled). */
  readonly port: number;
  readonly tls: boolean;
  readonly dir: string;
  /** The cluster bus port (`cluster-port`) when started with `cluster`. */
  readonly busPort?: number;
  readonly certificates?: CertificateSet;
  readonly options: StartRedisOptions;
  process: ManagedProcess;
  /** `redis://` or `rediss://` URL without credentials. */
  url(): string;
  /** ioredis options that reach this server (TLS and password included, unless overridden). */
  clientOptions(overrides?: RedisOptions): RedisOptions;
  client(overrides?: RedisOptions): Redis;
  /** Runs one command on a short-lived connection. */
  command(name: string, ...args: (string | number)[]): Promise<unknown>;
  /** Starts the server again on the same port and data dir (after kill or stop). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const clusterOptionsOf = (opts: StartRedisOptions): ClusterNodeOptions | undefined =>
  typeof opts.cluster === 'object' ? opts.cluster : opts.cluster ? {} : undefined;

function clusterLines(busPort: number, opts: ClusterNodeOptions, tls: boolean): string[] {
  return [
    'cluster-enabled yes',
    // Relative to `dir`: the node rewrites it, and a restart after SIGKILL rejoins with the same node id.
    'cluster-config-file nodes.conf',
    `cluster-node-timeout ${opts.nodeTimeoutMs ?? 1_500}`,
    `cluster-port ${busPort}`,
    'cluster-announce-ip 127.0.0.1',
    // A replica may always take over, however long its link was down: tests on a loaded machine stay deterministic.
    'cluster-replica-validity-factor 0',
    // Replicas stay where the test put them (no automatic migration to an orphaned master).
    'cluster-allow-replica-migration no',
    ...(tls ? ['tls-cluster yes'] : []),
  ];
}

function configLines(
  port: number,
  dir: string,
  opts: StartRedisOptions,
  certs?: CertificateSet,
  busPort?: number,
): string[] {
  const lines = [
    'bind 127.0.0.1',
    `dir ${dir}`,
    'save ""',
    'appendonly no',
    'daemonize no',
    `logfile ${join(dir, 'redis.log')}`,
    'replica-announce-ip 127.0.0.1',
    'enable-debug-command local',
  ];
  if (certs) {
    const tls = typeof opts.tls === 'object' ? opts.tls : {};
    lines.push(
      'port 0',
      `tls-port ${port}`,
      `tls-cert-file ${certs.serverCert}`,
      `tls-key-file ${certs.serverKey}`,
      `tls-ca-cert-file ${certs.caCert}`,
      `tls-auth-clients ${tls.requireClientCert ? 'yes' : 'optional'}`,
      'tls-replication yes',
    );
  } else {
    lines.push(`port ${port}`);
  }
  if (opts.password) lines.push(`requirepass ${opts.password}`);
  if (opts.aclUser) lines.push(`user ${opts.aclUser.username} on >${opts.aclUser.password} ~* &* +@all`);
  if (opts.maxmemoryPolicy) lines.push(`maxmemory-policy ${opts.maxmemoryPolicy}`);
  if (opts.maxmemory) lines.push(`maxmemory ${opts.maxmemory}`);
  if (opts.replicaOf) {
    lines.push(`replicaof ${opts.replicaOf.host} ${opts.replicaOf.port}`);
    if (opts.replicaOf.password) lines.push(`masterauth ${opts.replicaOf.password}`);
  }
  const cluster = clusterOptionsOf(opts);
  if (cluster && busPort !== undefined) lines.push(...clusterLines(busPort, cluster, Boolean(certs)));
  // The caller's lines last: they override the defaults above.
  return lines.concat(opts.config ?? []);
}

/** Starts a real `redis-server` on a free loopback port in its own temp dir. */
export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = tempDir('redis');
  const tlsOptions = typeof opts.tls === 'object' ? opts.tls : opts.tls ? {} : undefined;
  const certificates = tlsOptions ? (tlsOptions.certificates ?? generateCertificates(dir)) : undefined;
  const busPort = clusterOptionsOf(opts) ? await freePort() : undefined;
  const configFile = join(dir, 'redis.conf');
  writeFileSync(configFile, configLines(port, dir, opts, certificates, busPort).join('\n') + '\n', { mode: 0o600 });

  const launch = async (): Promise<ManagedProcess> => {
    const proc = spawnManaged(`redis-server:${port}`, 'redis-server', [configFile], {
      cwd: dir,
      logFile: join(dir, 'stdout.log'),
    });
    await waitForLog(proc, /Ready to accept connections/, { logFile: join(dir, 'redis.log') });
    return proc;
  };

  const server: RedisServer = {
    host: '127.0.0.1',
    port,
    tls: Boolean(certificates),
    dir,
    busPort,
    certificates,
    options: opts,
    process: await launch(),
    url: () => `${certificates ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    clientOptions(overrides = {}) {
      const base: RedisOptions = {
        host: '127.0.0.1',
        port,
        password: opts.password,
        lazyConnect: false,
        maxRetriesPerRequest: 1,
      };
      if (certificates) {
        base.tls = {
          ca: readFileSync(certificates.caCert),
          cert: readFileSync(certificates.clientCert),
          key: readFileSync(certificates.clientKey),
          servername: 'localhost',
        };
      }
      return { ...base, ...overrides };
    },
    client(overrides = {}) {
      return new Redis(server.clientOptions(overrides));
    },
    async command(name, ...args) {
      const client = server.client({ retryStrategy: () => null, maxRetriesPerRequest: 0 });
      try {
        return await client.call(name, ...args);
      } finally {
        client.disconnect();
      }
    },
    async restart() {
      if (server.process.isRunning()) await server.process.stop();
      // Keep the same log so a later readiness check does not match an old line: rotate it.
      const log = join(dir, 'redis.log');
      writeFileSync(log, '');
      server.process = await launch();
    },
    async stop() {
      await server.process.stop();
      releasePort(port);
      if (busPort !== undefined) releasePort(busPort);
      removeDir(dir);
    },
  };
  return server;
}

/** Parses `INFO` text into a flat map (section headers dropped). */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const idx = line.indexOf(':');
    if (idx > 0 && !line.startsWith('#')) out[line.slice(0, idx)] = line.slice(idx + 1);
  }
  return out;
}

export async function info(server: RedisServer, section = 'all'): Promise<Record<string, string>> {
  return parseInfo(String(await server.command('INFO', section)));
}

/** Waits until `replica` reports its link to the master up. */
export async function waitForReplication(replica: RedisServer, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    `replica ${replica.port} to sync with its master`,
    async () => (await info(replica, 'replication')).master_link_status === 'up',
    { timeoutMs },
  );
}
