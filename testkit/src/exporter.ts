import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getText } from './http';
import { freePort, releasePort } from './ports';
import { removeDir, spawnManaged, tempDir, type ManagedProcess } from './process';
import { waitFor } from './wait';

/** The redis-lens exporter's bin, built into exporter/dist by `npm install`'s prepare step. */
const CLI = join(__dirname, '..', '..', 'exporter', 'bin', 'redis-lens-exporter.js');

export interface RedisLensExporter {
  /** `127.0.0.1:port`, a Prometheus target. */
  readonly address: string;
  readonly port: number;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Runs the redis-lens exporter as operators run it — the built CLI in its own process — against `redisAddr`
 * (`host:port` of a Redis node or a Sentinel; the exporter tells which from INFO), on a free loopback port.
 * `args` adds flags such as `--sentinel.addrs`; `env` carries secrets (never argv). Resolves once `/ready` is 200.
 */
export async function startRedisLensExporter(
  redisAddr: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<RedisLensExporter> {
  if (!existsSync(join(CLI, '..', '..', 'dist', 'cli.js'))) {
    throw new Error('exporter/dist is missing: run `npm install` (its prepare step builds the exporter)');
  }
  const port = await freePort();
  const dir = tempDir('redis-lens-exporter');
  const proc = spawnManaged(
    `redis-lens-exporter:${port}`,
    process.execPath,
    [CLI, `--redis.addr=redis://${redisAddr}`, `--web.listen-address=127.0.0.1:${port}`, ...args],
    { cwd: dir, env: { ...process.env, ...env }, logFile: join(dir, 'exporter.log') },
  );
  const stop = async () => {
    await proc.stop();
    releasePort(port);
    removeDir(dir);
  };
  try {
    await waitFor(`redis-lens exporter on ${port}`, async () => {
      if (!proc.isRunning()) throw new Error(`exporter exited:\n${proc.logs()}`);
      return (await getText(`http://127.0.0.1:${port}/ready`)).status === 200;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { address: `127.0.0.1:${port}`, port, process: proc, stop };
}
