import { chmodSync, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { podman, trackPod, untrackPod } from './podman';
import { removeDir, tempDir } from './process';

export interface KubePlay {
  /** Ids of the pods podman created (one per Pod / Deployment). */
  readonly pods: string[];
  /** Names of the app containers (`<pod name>-<container name>`), without the pods' infra containers. */
  readonly containers: string[];
  /** podman's own report of what it played. */
  readonly output: string;
  /** stdout and stderr of one container so far. */
  logs(container: string): Promise<string>;
  /** Removes the pods (SIGTERM, SIGKILL after `timeoutSeconds`), the Secrets and their files; safe twice. */
  down(timeoutSeconds?: number): Promise<void>;
}

export interface KubePlayOptions {
  /** `--network` (default `host`: everything stays on 127.0.0.1, and podman's bridge networking is not set up here). */
  network?: string;
  /** More `podman kube play` flags (e.g. `--configmap FILE`). */
  extraArgs?: string[];
}

interface KubeSecret {
  kind: 'Secret';
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

interface PodSpec {
  volumes?: Array<{
    name: string;
    secret?: { secretName: string; items?: Array<{ key: string; path: string }>; defaultMode?: number };
    hostPath?: { path: string; type?: string };
  }>;
}

/** A Secret's values, decoded (`stringData` wins over `data`, as in Kubernetes). */
const secretValues = (secret: KubeSecret): Record<string, Buffer> => ({
  ...Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  ...Object.fromEntries(Object.entries(secret.stringData ?? {}).map(([k, v]) => [k, Buffer.from(v)])),
});

export interface PreparedKube {
  /** podman secrets to create: name → JSON map of key → base64 value (what podman 4.3 reads for `secretKeyRef`). */
  secrets: Record<string, string>;
  /** The YAML to play: the Secrets taken out, `secret:` volumes turned into `hostPath` volumes under `filesDir`. */
  yaml: string;
}

/**
 * What podman 4.3's `kube play` cannot do with Secrets, done the way a kubelet would. It stores a Secret document
 * as YAML text but reads `secretKeyRef` as a JSON map (it fails with "secret … is not valid JSON"), and it crashes
 * (nil pointer in VolumeFromSecret) on a `secret:` volume. So each Secret becomes a podman secret holding that JSON
 * map, and each `secret:` volume a read-only directory of its files (mode `defaultMode`, default 0644, in a 0755
 * directory under `filesDir`) mounted as a `hostPath` volume.
 */
export function prepareKube(yaml: string, filesDir: string): PreparedKube {
  const docs: Array<{ kind?: string; spec?: { template?: { spec?: PodSpec } } & PodSpec }> = [];
  for (const doc of parseAllDocuments(yaml)) {
    if (doc.errors.length) throw new Error(`invalid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value) docs.push(value);
  }
  const secrets = new Map<string, Record<string, Buffer>>();
  for (const doc of docs) {
    if (doc.kind === 'Secret') secrets.set((doc as KubeSecret).metadata.name, secretValues(doc as KubeSecret));
  }
  for (const doc of docs) {
    const spec = doc.kind === 'Pod' ? doc.spec : doc.spec?.template?.spec;
    for (const volume of spec?.volumes ?? []) {
      if (!volume.secret) continue;
      const values = secrets.get(volume.secret.secretName);
      if (!values) throw new Error(`volume ${volume.name}: no Secret ${volume.secret.secretName} in the YAML`);
      const dir = join(filesDir, `${volume.name}-${volume.secret.secretName}`);
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      chmodSync(dir, 0o755);
      const items = volume.secret.items ?? Object.keys(values).map((key) => ({ key, path: key }));
      for (const { key, path } of items) {
        if (!values[key]) throw new Error(`volume ${volume.name}: Secret ${volume.secret.secretName} has no ${key}`);
        const mode = volume.secret.defaultMode ?? 0o644;
        mkdirSync(dirname(join(dir, path)), { recursive: true, mode: 0o755 });
        writeFileSync(join(dir, path), values[key], { mode });
        chmodSync(join(dir, path), mode);
      }
      delete volume.secret;
      volume.hostPath = { path: dir, type: 'Directory' };
    }
  }
  const json = (values: Record<string, Buffer>) =>
    JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.toString('base64')])));
  return {
    secrets: Object.fromEntries([...secrets].map(([name, values]) => [name, json(values)])),
    yaml: docs
      .filter((doc) => doc.kind !== 'Secret')
      .map((doc) => stringify(doc))
      .join('---\n'),
  };
}

/**
 * Runs the pods of Kubernetes YAML (Pod, Deployment, ConfigMap, Secret, PVC — what podman's `kube play` knows) with
 * the runtime and ulimits that work here (testkit/containers.conf) and host networking. A Deployment's pods are named
 * `<name>-pod-<i>` (podman 4.3), their containers `<pod>-<container>`. The pods are removed when
 * the test process ends, like every server the kit starts. Names come from the YAML: two tests playing the same
 * names at once collide, so give each its own.
 */
export async function kubePlay(yamlPath: string, opts: KubePlayOptions = {}): Promise<KubePlay> {
  // Lives until down(): secret volumes are bind-mounted from it.
  const dir = tempDir('kube-play');
  const { secrets, yaml } = prepareKube(readFileSync(yamlPath, 'utf8'), join(dir, 'volumes'));
  const created: string[] = [];
  const cleanup = async () => {
    // By the names in the YAML too: a failed play can leave a created pod it never reported.
    if (existsSync(join(dir, 'kube.yaml'))) await podman(['kube', 'down', join(dir, 'kube.yaml')], { check: false });
    if (created.length) await podman(['secret', 'rm', ...created], { check: false });
    removeDir(dir);
  };
  let played: { code: number; stdout: string; stderr: string };
  try {
    for (const [name, json] of Object.entries(secrets)) {
      const file = join(dir, 'secret.json');
      writeFileSync(file, json, { mode: 0o600 });
      await podman(['secret', 'create', name, file]);
      unlinkSync(file);
      created.push(name);
    }
    writeFileSync(join(dir, 'kube.yaml'), yaml);
    played = await podman(
      ['kube', 'play', '--network', opts.network ?? 'host', ...(opts.extraArgs ?? []), join(dir, 'kube.yaml')],
      { check: false, timeoutMs: 300_000 },
    );
  } catch (error) {
    await cleanup();
    throw error;
  }
  const output = played.stdout + played.stderr;
  const pods = [...output.matchAll(/^Pod:\n([0-9a-f]{64})$/gm)].map((m) => m[1]);
  pods.forEach(trackPod);
  let downed: Promise<void> | undefined;
  const down = (timeoutSeconds = 10) =>
    (downed ??= (async () => {
      for (const pod of pods) {
        await podman(['pod', 'stop', '-t', String(timeoutSeconds), pod], {
          check: false,
          timeoutMs: (timeoutSeconds + 30) * 1000,
        });
        await podman(['pod', 'rm', '-f', pod], { check: false });
        untrackPod(pod);
      }
      await cleanup();
    })());
  if (played.code !== 0) {
    await down(0);
    throw new Error(`podman kube play ${yamlPath} failed (exit ${played.code}):\n${output.trim()}`);
  }
  const containers: string[] = [];
  for (const pod of pods) {
    const listed = await podman(['ps', '-a', '--filter', `pod=${pod}`, '--format', '{{.Names}} {{.IsInfra}}']);
    for (const line of listed.stdout.trim().split('\n')) {
      const [name, infra] = line.split(' ');
      if (name && infra !== 'true') containers.push(name);
    }
  }
  return {
    pods,
    containers,
    output,
    logs: async (container) => {
      const r = await podman(['logs', container], { check: false });
      return r.stdout + r.stderr;
    },
    down,
  };
}
