/**
 * The exporter the end-to-end tests scrape. redis-lens's own exporter lives on another branch; until it merges this
 * starts Debian's `prometheus-redis-exporter`, which exposes the same `redis_up` (redis-lens's compatibility
 * promise), so the tests hold for both. At merge, point this at redis-lens's exporter.
 */
import { freePort, getText, releasePort, spawnManaged, tempDir, removeDir, waitFor } from '@redis-lens/testkit';
import { join } from 'node:path';

export interface ExporterUnderTest {
  /** `127.0.0.1:port`, a Prometheus target. */
  readonly address: string;
  stop(): Promise<void>;
}

export async function startExporterUnderTest(redisAddr: string): Promise<ExporterUnderTest> {
  const port = await freePort();
  const dir = tempDir('exporter');
  const proc = spawnManaged(
    `redis-exporter:${port}`,
    'prometheus-redis-exporter',
    [`--redis.addr=redis://${redisAddr}`, `--web.listen-address=127.0.0.1:${port}`],
    { cwd: dir, logFile: join(dir, 'exporter.log') },
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
