import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK_DIR = join(tmpdir(), 'redis-lens-ports');
const claimed = new Set<number>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `port` with an exclusive lock file, so parallel jest workers (and parallel jest runs) never hand out the
 * same port between "probe says free" and "server binds". A lock whose owner died is taken over.
 */
function claim(port: number): boolean {
  mkdirSync(LOCK_DIR, { recursive: true });
  const path = join(LOCK_DIR, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      claimed.add(port);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8') || '0');
      if (owner && isAlive(owner)) return false;
      try {
        unlinkSync(path);
      } catch {
        // another process took it over first
      }
    }
  }
  return false;
}

export function releasePort(port: number): void {
  if (!claimed.delete(port)) return;
  try {
    unlinkSync(join(LOCK_DIR, String(port)));
  } catch {
    // already gone
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A loopback TCP port that is free now and reserved for this process until `releasePort`. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    // Above the ephemeral range's usual start is not guaranteed on every kernel, so the probe below still matters.
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (!claim(port)) continue;
    if (await canBind(port)) return port;
    releasePort(port);
  }
  throw new Error('no free loopback port found after 200 attempts');
}

process.on('exit', () => {
  for (const port of [...claimed]) releasePort(port);
});
