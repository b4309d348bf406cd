/**
 * The exporter the end-to-end tests scrape: redis-lens's own, run as operators run it — the built CLI
 * (`exporter/bin/redis-lens-exporter.js`, compiled by `npm install`'s prepare step) in its own process.
 */
import { freePort, getText, releasePort, spawnManaged, tempDir, removeDir, waitFor } from '@redis-lens/testkit';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ExporterUnderTest {
  /** `127.0.0.1:port`, a Prometheus target. */
  readonly address: string;
  stop(): Promise<void>;
}

const CLI = join(__dirname, '..', '..', '..', 'exporter', 'bin', 'redis-lens-exporter.js');

/**
 * `redisAddr` is `host:port` of a Redis node or a Sentinel (the exporter detects which from INFO); `extraArgs` adds
 * flags such as `--sentinel.addrs` for failover tracking.
 */
export async function startExporterUnderTest(
  redisAddr: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ExporterUnderTest> {
  if (!existsSync(join(CLI, '..', '..', 'dist', 'cli.js'))) {
    throw new Error('exporter/dist is missing: run `npm install` (its prepare step builds the exporter)');
  }
  const port = await freePort();
  const dir = tempDir('exporter');
  const proc = spawnManaged(
    `redis-lens-exporter:${port}`,
    process.execPath,
    [CLI, `--redis.addr=redis://${redisAddr}`, `--web.listen-address=127.0.0.1:${port}`, ...extraArgs],
    { cwd: dir, env: { ...process.env, ...env }, logFile: join(dir, 'exporter.log') },
  );
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    await proc.stop();
    releasePort(port);
    removeDir(dir);
  };
  try {
    await waitFor(`exporter on ${port}`, async () => {
      if (!proc.isRunning()) throw new Error(`exporter exited:\n${proc.logs()}`);
      return (await getText(`http://${address}/metrics`)).body.includes('redis_up');
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, stop };
}
