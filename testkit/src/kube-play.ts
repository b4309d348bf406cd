import { readFileSync } from 'node:fs';
import { podman, trackPod, untrackPod } from './podman';

export interface KubePlay {
  /** Ids of the pods podman created (one per Pod / Deployment). */
  readonly pods: string[];
  /** Names of the app containers (`<pod name>-<container name>`), without the pods' infra containers. */
  readonly containers: string[];
  /** podman's own report of what it played. */
  readonly output: string;
  /** stdout and stderr of one container so far. */
  logs(container: string): Promise<string>;
  /** Removes the pods (SIGTERM, SIGKILL after `timeoutSeconds`) and the Secrets the YAML created; safe twice. */
  down(timeoutSeconds?: number): Promise<void>;
}

export interface KubePlayOptions {
  /** `--network` (default `host`: everything stays on 127.0.0.1, and podman's bridge networking is not set up here). */
  network?: string;
  /** More `podman kube play` flags (e.g. `--configmap FILE`). */
  extraArgs?: string[];
}

/** `metadata.name` of every `kind: Secret` document (block style, as `helm template` and hand-written YAML have it). */
export function secretNames(yaml: string): string[] {
  return yaml
    .split(/^---\s*$/m)
    .filter((doc) => /^kind:\s*["']?Secret["']?\s*$/m.test(doc))
    .map((doc) => /^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*["']?([^"'\s]+)/m.exec(doc)?.[1])
    .filter((name): name is string => Boolean(name));
}

/**
 * Runs the pods of Kubernetes YAML (Pod, Deployment, ConfigMap, Secret, PVC — what podman's `kube play` knows) with
 * the runtime and ulimits that work here (testkit/containers.conf) and host networking. A Deployment becomes one pod
 * named `<name>-pod` whatever its replica count, its containers `<name>-pod-<container>`. The pods are removed when
 * the test process ends, like every server the kit starts. Names come from the YAML: two tests playing the same
 * names at once collide, so give each its own.
 */
export async function kubePlay(yamlPath: string, opts: KubePlayOptions = {}): Promise<KubePlay> {
  const yaml = readFileSync(yamlPath, 'utf8');
  const secrets = secretNames(yaml);
  const played = await podman(
    ['kube', 'play', '--network', opts.network ?? 'host', ...(opts.extraArgs ?? []), yamlPath],
    { check: false, timeoutMs: 300_000 },
  );
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
      if (secrets.length) await podman(['secret', 'rm', ...secrets], { check: false });
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
