import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { requireBinary } from './binaries';
import { pidRegistryDir, removeDir, tempDir } from './process';

/**
 * Containers through Debian's podman, as root (no Docker daemon runs here and no registry is reachable). What works
 * on these machines, found by trying: the runc runtime (crun fails), explicit ulimits (raising a limit is not
 * permitted, and runc needs them given), host networking (everything stays on 127.0.0.1). Those settings also reach
 * `podman kube play`, which takes no --ulimit flag, through `testkit/containers.conf` (CONTAINERS_CONF).
 */
export const CONTAINERS_CONF = join(__dirname, '..', 'containers.conf');
/** Flags every `podman run` (and build, for its RUN steps) gets. */
export const CONTAINER_FLAGS = ['--network=host', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];

export interface PodmanResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface PodmanOptions {
  /** Extra environment for podman itself (e.g. the values of `-e NAME` flags, so they stay off the argv). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Throw on a non-zero exit (default true). */
  check?: boolean;
  /** Also append podman's output to this file as it comes (long builds). */
  logFile?: string;
}

/** Runs `podman --runtime runc ARGS` with the kit's containers.conf; resolves with its exit code and output. */
export function podman(args: string[], opts: PodmanOptions = {}): Promise<PodmanResult> {
  const { env = {}, timeoutMs = 120_000, check = true } = opts;
  const full = ['--runtime', 'runc', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(requireBinary('podman'), full, {
      env: { ...process.env, CONTAINERS_CONF, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // A long build streams into its log file as it goes, so a slow step can be watched.
    const log = (d: Buffer) => opts.logFile && appendFileSync(opts.logFile, d);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      log(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      log(d);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? (signal ? -1 : 0), stdout, stderr };
      if (check && result.code !== 0) {
        const why = signal ? `killed after ${timeoutMs} ms` : `exit ${result.code}`;
        const tail = (stderr || stdout).trim().split('\n').slice(-30).join('\n');
        reject(new Error(`podman ${args.slice(0, 3).join(' ')} … failed (${why}):\n${tail}`));
      } else resolve(result);
    });
  });
}

// ---- cleanup: every container and pod the kit starts is removed when the test process ends, even on failure ----

const liveContainers = new Set<string>();
const livePods = new Set<string>();

/** Pods (kube play) are tracked the same way until their `down()`. */
export const trackPod = (id: string): void => void livePods.add(id);
export const untrackPod = (id: string): void => void livePods.delete(id);

function removeAllSync(): void {
  const run = (args: string[]) => {
    try {
      execFileSync(requireBinary('podman'), ['--runtime', 'runc', ...args], {
        env: { ...process.env, CONTAINERS_CONF },
        stdio: 'ignore',
        timeout: 60_000,
      });
    } catch {
      // already gone
    }
  };
  if (liveContainers.size || livePods.size) {
    const names = [...liveContainers, ...livePods].join(', ');
    process.stderr.write(`redis-lens testkit: removing container(s)/pod(s) a test did not stop: ${names}\n`);
  }
  if (livePods.size) run(['pod', 'rm', '-f', '-t', '0', ...livePods]);
  if (liveContainers.size) run(['rm', '-f', '-t', '0', ...liveContainers]);
  liveContainers.clear();
  livePods.clear();
}
process.on('exit', removeAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, removeAllSync);

/** Records a container's main process in the kit's PID registry, so `npm test`'s leak check sees a leftover. */
function registerPid(name: string, pid: number): () => void {
  if (!pid) return () => undefined;
  const file = join(pidRegistryDir(), String(pid));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ name: `container:${name}`, binary: 'podman', owner: process.pid }));
  return () => {
    try {
      unlinkSync(file);
    } catch {
      // already removed
    }
  };
}

// ---- containers ----

/** The fields of `podman inspect` the tests read (the rest is there too). */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Path: string;
  Args: string[];
  State: { Status: string; Running: boolean; Pid: number; ExitCode: number; Health?: { Status: string } };
  Config: { User: string; Env: string[]; Cmd: string[] | null; Entrypoint: string | string[] };
  HostConfig: { ReadonlyRootfs: boolean };
  [key: string]: unknown;
}

export interface Mount {
  source: string;
  target: string;
  readOnly?: boolean;
}

export interface RunContainerOptions {
  image: string;
  /** Container name (default `redis-lens-<random>`). */
  name?: string;
  /** Arguments after the image: the ENTRYPOINT's arguments. */
  args?: string[];
  /** Passed as `-e NAME` with the value in podman's own environment: values never appear on a command line. */
  env?: Record<string, string>;
  readOnly?: boolean;
  /** `--user`, e.g. `1000:1000` (default: the image's USER). */
  user?: string;
  mounts?: Mount[];
  /**
   * Secret files, container path → content: written to a private temp file (mode 0444 in a 0700 directory) and
   * mounted read-only, as a Kubernetes Secret volume or `docker run -v secret:…:ro` would.
   */
  secretFiles?: Record<string, string>;
  /** `--network` (default `host`); e.g. `none` for a private network namespace with its own loopback. */
  network?: string;
  /** Any other `podman run` flags (e.g. `--stop-timeout`). */
  extraArgs?: string[];
}

export interface Container {
  readonly name: string;
  readonly id: string;
  /** The container's main process, as the host sees it. */
  readonly hostPid: number;
  inspect(): Promise<ContainerInspect>;
  /** stdout and stderr so far. */
  logs(): Promise<string>;
  /** `podman exec` (the image's user unless `user` is given). */
  exec(command: string[], user?: string): Promise<PodmanResult>;
  /** `podman healthcheck run`: resolves `healthy`, `unhealthy` or podman's answer when the image has none. */
  healthcheck(): Promise<string>;
  /** `podman stop -t SECONDS` (SIGTERM, SIGKILL after the grace), then removal; safe to call twice. */
  stop(timeoutSeconds?: number): Promise<{ exitCode: number; stopMs: number }>;
}

const randomName = (prefix: string) => `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** Inspects a container (or, with `type`, an image or pod) by name or id. */
export async function inspect(
  name: string,
  type: 'container' | 'image' | 'pod' = 'container',
): Promise<ContainerInspect> {
  const { stdout } = await podman(type === 'pod' ? ['pod', 'inspect', name] : ['inspect', '--type', type, name]);
  const parsed = JSON.parse(stdout) as ContainerInspect | ContainerInspect[];
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

/** Starts a container (detached, host network, the kit's ulimits); `stop()` always removes it. */
export async function runContainer(opts: RunContainerOptions): Promise<Container> {
  const name = opts.name ?? randomName('redis-lens');
  const secretsDir = opts.secretFiles ? tempDir('container-secrets') : undefined;
  const network = opts.network ?? 'host';
  const flags = ['run', '-d', '--name', name, ...CONTAINER_FLAGS.filter((f) => !f.startsWith('--network='))];
  flags.push(`--network=${network}`);
  if (opts.readOnly) flags.push('--read-only');
  if (opts.user) flags.push('--user', opts.user);
  for (const key of Object.keys(opts.env ?? {})) flags.push('-e', key);
  const mounts = [...(opts.mounts ?? [])];
  Object.entries(opts.secretFiles ?? {}).forEach(([target, content], i) => {
    const file = join(secretsDir!, `secret-${i}`);
    writeFileSync(file, content, { mode: 0o444 });
    chmodSync(file, 0o444); // the image's non-root user reads it; the 0700 directory keeps other host users out
    mounts.push({ source: file, target, readOnly: true });
  });
  for (const m of mounts) flags.push('-v', `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
  flags.push(...(opts.extraArgs ?? []), opts.image, ...(opts.args ?? []));

  liveContainers.add(name);
  const cleanupFiles = () => secretsDir && removeDir(secretsDir);
  let unregister: () => void = () => undefined;
  let stopped: Promise<{ exitCode: number; stopMs: number }> | undefined;
  const stop = (timeoutSeconds = 10) =>
    (stopped ??= (async () => {
      const started = Date.now();
      await podman(['stop', '-t', String(timeoutSeconds), name], {
        check: false,
        timeoutMs: (timeoutSeconds + 30) * 1000,
      });
      const stopMs = Date.now() - started;
      const state = await podman(['inspect', '--type', 'container', '--format', '{{.State.ExitCode}}', name], {
        check: false,
      });
      await podman(['rm', '-f', '-t', '0', name], { check: false });
      liveContainers.delete(name);
      unregister();
      cleanupFiles();
      return { exitCode: Number(state.stdout.trim() || -1), stopMs };
    })());

  let id: string;
  let hostPid: number;
  try {
    id = (await podman(flags, { env: opts.env })).stdout.trim();
    hostPid = (await inspect(name)).State.Pid;
    unregister = registerPid(name, hostPid);
  } catch (error) {
    await stop(0);
    throw error;
  }
  return {
    name,
    id,
    hostPid,
    inspect: () => inspect(name),
    logs: async () => {
      const r = await podman(['logs', name], { check: false });
      return r.stdout + r.stderr;
    },
    exec: (command, user) => podman(['exec', ...(user ? ['--user', user] : []), name, ...command], { check: false }),
    healthcheck: async () => {
      const r = await podman(['healthcheck', 'run', name], { check: false });
      return r.code === 0 ? 'healthy' : (r.stdout + r.stderr).trim() || 'unhealthy';
    },
    stop,
  };
}
