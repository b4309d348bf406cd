import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The Debian package that ships each binary the kit runs, so a missing one names its fix. */
export const DEBIAN_PACKAGES: Record<string, string> = {
  'redis-server': 'redis-server',
  'redis-sentinel': 'redis-sentinel',
  'redis-cli': 'redis-tools',
  'prometheus-redis-exporter': 'prometheus-redis-exporter',
  openssl: 'openssl',
  chromium: 'chromium',
  zip: 'zip',
  podman: 'podman',
  debootstrap: 'debootstrap',
};

/** versions.json at the repository root: the one place each program's version is named. */
export interface Versions {
  collector: { release: string; core: string; coreStable: string; contrib: string; image: string };
  prometheus: { version: string; module: string; image: string };
  alertmanager: { version: string; image: string };
  pluginValidator: { version: string };
  grafana: { version: string; image: string };
  tempo: { version: string; image: string };
  redis: { version: string; image: string };
  /** What the Dockerfiles' FROM names; set-up assembles a stand-in under that name (scripts/build-base-image.sh). */
  baseImage: { ref: string; node: string; debian: string };
  helm: { version: string; module: string };
  kubectlValidate: { version: string };
  kubernetes: { version: string };
  etcd: { version: string };
  /** The operators whose CRDs build-tools.sh copies out of their Go modules. */
  crds: { prometheusOperator: string; opentelemetryOperator: string; grafanaOperator: string };
}

export const VERSIONS_FILE = join(__dirname, '..', '..', 'versions.json');

export function readVersions(): Versions {
  return JSON.parse(readFileSync(VERSIONS_FILE, 'utf8')) as Versions;
}

/** Where `npm run setup` (scripts/build-tools.sh) puts the programs it builds from Go modules. */
export const toolCacheDir = (): string =>
  join(process.env.REDIS_LENS_CACHE || join(homedir(), '.cache', 'redis-lens'), 'bin');

/** Programs built from their Go modules, by the file name build-tools.sh gives each at its version. */
const BUILT: Record<string, (v: Versions) => string> = {
  prometheus: (v) => `prometheus-${v.prometheus.version}`,
  promtool: (v) => `promtool-${v.prometheus.version}`,
  alertmanager: (v) => `alertmanager-${v.alertmanager.version}`,
  amtool: (v) => `amtool-${v.alertmanager.version}`,
  otelcol: (v) => `otelcol-redis-lens-${v.collector.release}`,
  plugincheck2: (v) => `plugincheck2-${v.pluginValidator.version}`,
  helm: (v) => `helm-${v.helm.version}`,
  'kubectl-validate': (v) => `kubectl-validate-${v.kubectlValidate.version}`,
  'kube-apiserver': (v) => `kube-apiserver-${v.kubernetes.version}`,
  kubectl: (v) => `kubectl-${v.kubernetes.version}`,
  etcd: (v) => `etcd-${v.etcd.version}`,
};
export const BUILT_PROGRAMS = Object.keys(BUILT);

const cache = new Map<string, string>();

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Absolute path of `name`, or an error that tells the reader how to get it. Never skips. Prometheus, promtool,
 * Alertmanager, amtool, the collector (`otelcol`), `plugincheck2`, `helm`, `kubectl-validate`, `kube-apiserver`,
 * `kubectl` and `etcd` are the builds of `npm run setup`, at the versions versions.json names; everything else
 * comes from Debian's packages on PATH.
 */
export function requireBinary(name: string): string {
  const cached = cache.get(name);
  if (cached) return cached;
  const built = BUILT[name];
  if (built) {
    const path = join(toolCacheDir(), built(readVersions()));
    if (!executable(path)) {
      throw new Error(
        `'${name}' is not built: ${path} is missing. Run 'npm run setup' (it builds the collector, Prometheus, ` +
          `Alertmanager, the plugin validator, helm, kubectl-validate, kube-apiserver, kubectl and etcd from their ` +
          `Go modules, once, into ${toolCacheDir()}).`,
      );
    }
    cache.set(name, path);
    return path;
  }
  // /usr/local/go/bin: where this machine kind keeps Go (the versions test reads build info with `go version -m`).
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/usr/bin',
    '/sbin',
    '/bin',
    '/usr/local/go/bin',
  ];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (executable(candidate)) {
      cache.set(name, candidate);
      return candidate;
    }
  }
  const pkg = DEBIAN_PACKAGES[name] ?? name;
  throw new Error(
    `'${name}' was not found on PATH. Install the Debian package '${pkg}' ` +
      `(apt-get install -y ${pkg}), or run 'npm run setup' as root to install everything the tests need.`,
  );
}
