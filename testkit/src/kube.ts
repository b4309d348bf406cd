import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readVersions, requireBinary, toolCacheDir } from './binaries';
import { getText } from './http';
import { freePort, releasePort } from './ports';
import { removeDir, spawnManaged, tail, tempDir, type ManagedProcess } from './process';
import { generateCertificates } from './tls';
import { waitFor } from './wait';

/** The parts of a Kubernetes object tests read; everything else is there too, untyped. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    [field: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  data?: Record<string, string>;
  items?: KubeObject[];
  /** On errors (kind Status): why, e.g. `Invalid`, `AlreadyExists`, and the server's message. */
  reason?: string;
  message?: string;
  [field: string]: unknown;
}

export interface KubeResponse<T = KubeObject> {
  status: number;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON, e.g. `/readyz`'s `ok`). */
  json: T | undefined;
}

export interface KubeRequestOptions {
  /** Default: application/json for an object body, application/yaml for a string body. Patches name theirs. */
  contentType?: string;
  timeoutMs?: number;
}

export interface KubeApiServer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Path of a kubeconfig file (server, CA, token; namespace `default`) for helm, kubectl and operators. */
  readonly kubeconfig: string;
  /** Bearer token of a `system:masters` user (RBAC is on). Lives only in files and in memory, never in argv. */
  readonly token: string;
  /** PEM of the CA that signed the serving certificate, and its path. */
  readonly ca: string;
  readonly caFile: string;
  readonly dir: string;
  readonly etcd: ManagedProcess;
  readonly apiserver: ManagedProcess;
  /** An authenticated request to the API; never throws on an HTTP error status (tests assert on rejections). */
  request<T = KubeObject>(
    method: string,
    path: string,
    body?: unknown,
    options?: KubeRequestOptions,
  ): Promise<KubeResponse<T>>;
  stop(): Promise<void>;
}

export interface StartKubeApiServerOptions {
  /** Extra kube-apiserver flags, e.g. `--feature-gates=…`; later flags win over the kit's. */
  args?: string[];
  /** How long etcd and then the API server may take to be ready (default 120 s: a loaded 2-core machine). */
  timeoutMs?: number;
}

function kubeRequest(
  url: string,
  token: string,
  ca: string,
  method: string,
  path: string,
  body?: unknown,
  options: KubeRequestOptions = {},
): Promise<KubeResponse<never>> {
  const payload =
    body === undefined ? undefined : typeof body === 'string' ? body : Buffer.from(JSON.stringify(body), 'utf8');
  const contentType = options.contentType ?? (typeof body === 'string' ? 'application/yaml' : 'application/json');
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      target,
      {
        method,
        ca,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) }),
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: never | undefined;
          try {
            json = JSON.parse(text) as never;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${path}: no answer within ${options.timeoutMs ?? 30_000} ms`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function openssl(args: string[], cwd: string): void {
  execFileSync(requireBinary('openssl'), args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * etcd + kube-apiserver (both built by `npm run setup` from their Go modules, at the versions versions.json names) on
 * free loopback ports, each in the test's own temp dir. The admission plugins are the API server's default set, so
 * defaulting, validation (CRD schemas with CEL rules), object size limits and namespace lifecycle are the real ones;
 * there is no controller manager or kubelet, so nothing runs a pod, and a Deployment stays at 0 ready replicas.
 * Resolves once `/readyz` is ok and the `default` namespace exists. Both processes are killed on `stop()` and when
 * the test process ends.
 */
export async function startKubeApiServer(opts: StartKubeApiServerOptions = {}): Promise<KubeApiServer> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const dir = tempDir('kube');
  const ports: number[] = [];
  const started: ManagedProcess[] = [];
  const cleanUp = async () => {
    for (const proc of started.reverse()) await proc.stop(10_000);
    for (const port of ports) releasePort(port);
    removeDir(dir);
  };
  try {
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    ports.push(etcdPort, peerPort, apiPort);
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    // --unsafe-no-fsync: a test's etcd holds nothing worth a crash-safe disk write, and fsyncs are slow on a busy disk.
    const etcd = spawnManaged(
      `etcd:${etcdPort}`,
      'etcd',
      [
        '--name=redis-lens-test',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=redis-lens-test=${peerUrl}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      { cwd: dir, logFile: join(dir, 'etcd.log') },
    );
    started.push(etcd);
    await waitFor(
      `etcd on ${etcdPort} to be healthy`,
      async () => {
        if (!etcd.isRunning()) throw new Error(`etcd exited:\n${tail(etcd.logs())}`);
        const health = await getText(`${etcdUrl}/health`);
        return health.status === 200 && health.body.includes('"true"');
      },
      { timeoutMs, intervalMs: 200 },
    );

    const pki = join(dir, 'pki');
    mkdirSync(pki);
    const certs = generateCertificates(pki);
    // The service-account signing key: kube-apiserver refuses to start without one, as in a real cluster.
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key'], pki);
    const token = randomBytes(24).toString('hex');
    const tokenFile = join(pki, 'tokens.csv');
    writeFileSync(tokenFile, `${token},redis-lens-test-admin,redis-lens-test-admin,system:masters\n`, { mode: 0o600 });

    const apiserver = spawnManaged(
      `kube-apiserver:${apiPort}`,
      'kube-apiserver',
      [
        `--etcd-servers=${etcdUrl}`,
        `--secure-port=${apiPort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--cert-dir=${join(dir, 'certs')}`,
        `--tls-cert-file=${certs.serverCert}`,
        `--tls-private-key-file=${certs.serverKey}`,
        '--authorization-mode=RBAC',
        `--token-auth-file=${tokenFile}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${join(pki, 'sa.key')}`,
        `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
        // Virtual service IPs the server allocates to Services; nothing is routed to them.
        '--service-cluster-ip-range=10.0.0.0/24',
        // The `kubernetes` Service's endpoint would be 127.0.0.1, which Endpoints validation rejects (loopback).
        '--endpoint-reconciler-type=none',
        ...(opts.args ?? []),
      ],
      { cwd: dir, logFile: join(dir, 'kube-apiserver.log') },
    );
    started.push(apiserver);

    const url = `https://127.0.0.1:${apiPort}`;
    const ca = readFileSync(certs.caCert, 'utf8');
    const request = <T = KubeObject>(method: string, path: string, body?: unknown, options?: KubeRequestOptions) =>
      kubeRequest(url, token, ca, method, path, body, options) as Promise<KubeResponse<T>>;

    await waitFor(
      `kube-apiserver on ${apiPort} to be ready (/readyz) with the default namespace`,
      async () => {
        if (!apiserver.isRunning()) throw new Error(`kube-apiserver exited:\n${tail(apiserver.logs(), 40)}`);
        const ready = await request('GET', '/readyz');
        if (ready.status !== 200) throw new Error(`/readyz ${ready.status}: ${ready.text.slice(-300)}`);
        return (await request('GET', '/api/v1/namespaces/default')).status === 200;
      },
      { timeoutMs, intervalMs: 250 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- kube-apiserver log tail ---\n${tail(apiserver.logs(), 40)}`);
    });

    const kubeconfig = join(dir, 'kubeconfig');
    // JSON is YAML: every kubeconfig reader takes it. The token stays in this 0600 file, never on a command line.
    writeFileSync(
      kubeconfig,
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'redis-lens-test', cluster: { server: url, 'certificate-authority': certs.caCert } }],
          users: [{ name: 'redis-lens-test-admin', user: { token } }],
          contexts: [
            {
              name: 'redis-lens-test',
              context: { cluster: 'redis-lens-test', user: 'redis-lens-test-admin', namespace: 'default' },
            },
          ],
          'current-context': 'redis-lens-test',
        },
        null,
        2,
      ),
      { mode: 0o600 },
    );

    return {
      url,
      port: apiPort,
      kubeconfig,
      token,
      ca,
      caFile: certs.caCert,
      dir,
      etcd,
      apiserver,
      request,
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** The operators whose CRDs `npm run setup` copies out of their Go modules (versions.json `crds`). */
export type CrdOperator = 'prometheus-operator' | 'opentelemetry-operator' | 'grafana-operator';

/**
 * The cached CRD directory of each operator (`<cache>/crds/<operator>-<version>/`, YAML files as the operator ships
 * them), for `installCrds` and kubectl-validate's `--local-crds`. Throws, naming the fix, when set-up has not run.
 */
export function crdDirs(): Record<CrdOperator, string> {
  const { crds } = readVersions();
  const root = join(dirname(toolCacheDir()), 'crds');
  const dirs: Record<CrdOperator, string> = {
    'prometheus-operator': join(root, `prometheus-operator-${crds.prometheusOperator}`),
    'opentelemetry-operator': join(root, `opentelemetry-operator-${crds.opentelemetryOperator}`),
    'grafana-operator': join(root, `grafana-operator-${crds.grafanaOperator}`),
  };
  for (const dir of Object.values(dirs)) {
    if (!existsSync(join(dir, '.complete'))) {
      throw new Error(
        `CRDs missing: ${dir} is not there. Run 'npm run setup' (scripts/build-tools.sh crds copies them).`,
      );
    }
  }
  return dirs;
}

interface CrdVersion {
  name: string;
  served?: boolean;
}

/**
 * Creates (or replaces) every CustomResourceDefinition in the YAML files of `dirs` through the API, then waits until
 * each is Established and its resources are in discovery (so `helm`'s `.Capabilities.APIVersions` sees them).
 * Returns the CRD names.
 */
export async function installCrds(
  server: KubeApiServer,
  dirs: string[],
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<string[]> {
  const base = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const crds: KubeObject[] = [];
  for (const dir of dirs) {
    for (const file of readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        const crd = doc.toJS() as KubeObject | null;
        if (crd?.kind === 'CustomResourceDefinition') crds.push(crd);
      }
    }
  }
  for (const crd of crds) {
    const name = crd.metadata?.name ?? '';
    let res = await server.request('POST', base, crd, { timeoutMs: 60_000 });
    if (res.status === 409) {
      const existing = await server.request('GET', `${base}/${name}`);
      const replacement = {
        ...crd,
        metadata: { ...crd.metadata, resourceVersion: existing.json?.metadata?.resourceVersion },
      };
      res = await server.request('PUT', `${base}/${name}`, replacement, { timeoutMs: 60_000 });
    }
    if (res.status >= 300) throw new Error(`installing CRD ${name}: ${res.status} ${res.text.slice(0, 1000)}`);
  }
  for (const crd of crds) {
    const name = crd.metadata?.name ?? '';
    const spec = crd.spec as { group: string; names: { plural: string }; versions: CrdVersion[] };
    await waitFor(
      `CRD ${name} to be Established and discoverable`,
      async () => {
        const res = await server.request('GET', `${base}/${name}`);
        const conditions = (res.json?.status?.conditions ?? []) as Array<{ type: string; status: string }>;
        if (!conditions.some((c) => c.type === 'Established' && c.status === 'True')) return false;
        for (const version of spec.versions.filter((v) => v.served !== false)) {
          const list = await server.request<{ resources?: Array<{ name: string }> }>(
            'GET',
            `/apis/${spec.group}/${version.name}`,
          );
          if (!list.json?.resources?.some((r) => r.name === spec.names.plural)) return false;
        }
        return true;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }
  return crds.map((crd) => crd.metadata?.name ?? '');
}
