import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir, removeDir } from '../src';

const { findLeftovers, killAll } = require('../../scripts/leak-check.cjs') as {
  findLeftovers(dir: string): Array<{ pid: number; name: string }>;
  killAll(list: Array<{ pid: number }>): void;
};

describe('leak check', () => {
  it('finds and kills a server whose test process died without cleaning up', () => {
    const pidDir = tempDir('pids');
    try {
      const child = spawnSync(
        process.execPath,
        ['-r', '@swc-node/register', join(__dirname, 'fixtures/crash-leaving-redis.ts')],
        {
          env: { ...process.env, REDIS_LENS_PID_DIR: pidDir },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(child.signal).toBe('SIGKILL');
      const orphanPid = Number(child.stdout.trim());
      const leftovers = findLeftovers(pidDir);
      expect(leftovers.map((l) => l.pid)).toEqual([orphanPid]);
      expect(leftovers[0].name).toMatch(/^redis-server:/);
      killAll(leftovers);
    } finally {
      killAll(findLeftovers(pidDir));
      removeDir(pidDir);
    }
  });

  it('reports nothing when every process was stopped', () => {
    const pidDir = tempDir('pids');
    expect(findLeftovers(pidDir)).toEqual([]);
    removeDir(pidDir);
  });
});
