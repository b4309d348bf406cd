import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './binaries';
import { waitFor } from './wait';

/**
 * Every process a test starts is recorded here (one file per PID) so that the test runner can prove at the end that
 * nothing was left behind — and kill whatever was. `npm test` points REDIS_LENS_PID_DIR at a fresh directory.
 */
export const pidRegistryDir = (): string => process.env.REDIS_LENS_PID_DIR ?? join(tmpdir(), 'redis-lens-pids');

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<number | null>;
  isRunning(): boolean;
  signal(signal: NodeJS.Signals): void;
  /** SIGCONT (a SIGSTOPped process cannot handle SIGTERM), SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  logs(): string;
}

const live = new Set<ManagedProcess>();

function killAllSync(): void {
  if (live.size) {
    const names = [...live].map((p) => p.name).join(', ');
    process.stderr.write(`redis-lens testkit: killing ${live.size} process(es) a test did not stop: ${names}\n`);
  }
  for (const proc of live) {
    try {
      process.kill(proc.pid, 'SIGCONT');
      process.kill(proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

// Last line of defence when a test file crashes or jest kills its worker: no server outlives its test process.
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAllSync();
    process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
  });
}

export function tempDir(prefix: string): string {
  const base = join(tmpdir(), 'redis-lens-test');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logFile: string;
  /** Run as this user and group (the caller must be root), e.g. a container image's non-root user. */
  uid?: number;
  gid?: number;
}

/** Starts `binary` (found via `requireBinary`) with output going to `logFile`, tracked for cleanup. */
export function spawnManaged(name: string, binary: string, args: string[], options: SpawnOptions): ManagedProcess {
  const path = binary.includes('/') ? binary : requireBinary(binary);
  const logFd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(path, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', logFd, logFd],
      uid: options.uid,
      gid: options.gid,
    });
  } finally {
    closeSync(logFd);
  }
  if (child.pid === undefined) throw new Error(`failed to start ${name} (${path})`);
  // A server must not keep the jest worker alive after a failed hook; the exit hook above still kills it.
  child.unref();
  const pid = child.pid;
  const registryDir = pidRegistryDir();
  mkdirSync(registryDir, { recursive: true });
  const registryFile = join(registryDir, String(pid));
  writeFileSync(registryFile, JSON.stringify({ name, binary: path, owner: process.pid }));

  let running = true;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(managed);
      try {
        unlinkSync(registryFile);
      } catch {
        // already removed
      }
      resolve(code ?? (signal ? -1 : null));
    });
  });

  const managed: ManagedProcess = {
    name,
    pid,
    logFile: options.logFile,
    exited,
    isRunning: () => running,
    signal(sig) {
      if (running) process.kill(pid, sig);
    },
    async stop(graceMs = 5_000) {
      if (!running) return;
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGTERM');
      } catch {
        // exited between the check and the signal
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)));
      const expired = await Promise.race([exited.then(() => false), timedOut]);
      clearTimeout(timer);
      if (expired && running) {
        process.kill(pid, 'SIGKILL');
        await exited;
      }
    },
    logs: () => readText(options.logFile),
  };
  live.add(managed);
  return managed;
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Waits for `pattern` in the process output or in `logFile` (servers such as redis-server write their own log);
 * fails fast with the log tail if the process exits first.
 */
export async function waitForLog(
  proc: ManagedProcess,
  pattern: RegExp,
  { logFile, timeoutMs = 15_000 }: { logFile?: string; timeoutMs?: number } = {},
): Promise<void> {
  const logs = () => (logFile ? readText(logFile) : '') + proc.logs();
  await waitFor(
    `${proc.name} to log ${pattern}`,
    () => {
      if (pattern.test(logs())) return true;
      if (!proc.isRunning()) throw new Error(`${proc.name} exited before it was ready`);
      return false;
    },
    { timeoutMs, intervalMs: 50 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- ${proc.name} log tail ---\n${tail(logs())}`);
  });
}

export function tail(text: string, lines = 20): string {
  return text.split('\n').slice(-lines).join('\n');
}
