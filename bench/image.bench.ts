// The exporter's container image (exporter/Dockerfile built by podman on the set-up's stand-in for
// node:20-bookworm-slim, scripts/build-base-image.sh) beside redis_exporter.
// - Size. redis_exporter's official image is FROM scratch holding its one static Go binary, so its size is about the
//   binary's. The Go module proxy here refuses github.com/oliver006/redis_exporter (403), so it cannot be built at
//   its current release; the anchor is Debian's prometheus-redis-exporter binary (redis_exporter 1.45) on disk.
// - Start → first successful scrape: `podman run` until /metrics answers with redis_up 1, median of STARTS; anchor:
//   Debian's redis_exporter process started the same way (no container: its image cannot be pulled here).
// - RSS under a steady scrape (one /metrics every SCRAPE_MS for SCRAPES scrapes, alternating with the anchor): the
//   container's main process as the host sees it (/proc/<pid>/status), anchor the same for redis_exporter.
import { statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  buildImage,
  freePort,
  getText,
  releasePort,
  removeDir,
  requireBinary,
  runContainer,
  sleep,
  spawnManaged,
  startRedis,
  tempDir,
  waitFor,
  type Container,
  type ManagedProcess,
} from '@redis-lens/testkit';
import { peakRssMb, rssMb } from './lib/proc';
import { recordRows, row } from './lib/results';

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 120);
const SCRAPE_MS = 250;
const ANCHOR = 'prometheus-redis-exporter 1.45';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function firstScrape(url: string, startedAt: number): Promise<number> {
  await waitFor(
    `first successful scrape of ${url}`,
    async () => (await getText(url).catch(() => ({ body: '' }))).body.includes('redis_up 1'),
    { timeoutMs: 60_000, intervalMs: 10 },
  );
  return Date.now() - startedAt;
}

async function main() {
  const dir = tempDir('bench-image');
  const redis = await startRedis();
  const ports: number[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const cold = await buildImage('exporter');
    // A second build of unchanged sources: every step comes from podman's layer cache.
    const rebuildMs = (await buildImage('exporter', { again: true })).buildMs;
    const binary = requireBinary('prometheus-redis-exporter');
    const anchorBytes = statSync(binary).size;

    const ourStart: number[] = [];
    const theirStart: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const port = await freePort();
      let started = Date.now();
      const container: Container = await runContainer({
        image: cold.id,
        readOnly: true,
        env: { REDIS_ADDR: redis.url(), REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}` },
      });
      try {
        ourStart.push(await firstScrape(`http://127.0.0.1:${port}/metrics`, started));
      } finally {
        await container.stop();
      }
      started = Date.now();
      const theirs = spawnManaged(
        'prometheus-redis-exporter',
        binary,
        ['-redis.addr', redis.url(), '-web.listen-address', `127.0.0.1:${port}`],
        { cwd: dir, logFile: join(dir, `theirs-${i}.log`) },
      );
      try {
        theirStart.push(await firstScrape(`http://127.0.0.1:${port}/metrics`, started));
      } finally {
        await theirs.stop();
      }
      releasePort(port);
    }

    const [ourPort, theirPort] = [await freePort(), await freePort()];
    ports.push(ourPort, theirPort);
    const ours = await runContainer({
      image: cold.id,
      readOnly: true,
      env: { REDIS_ADDR: redis.url(), REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${ourPort}` },
    });
    cleanups.push(() => ours.stop());
    const theirs: ManagedProcess = spawnManaged(
      'prometheus-redis-exporter',
      binary,
      ['-redis.addr', redis.url(), '-web.listen-address', `127.0.0.1:${theirPort}`],
      { cwd: dir, logFile: join(dir, 'theirs.log') },
    );
    cleanups.push(() => theirs.stop());
    await firstScrape(`http://127.0.0.1:${ourPort}/metrics`, 0);
    await firstScrape(`http://127.0.0.1:${theirPort}/metrics`, 0);
    for (let i = 0; i < SCRAPES; i++) {
      const tick = Date.now();
      await getText(`http://127.0.0.1:${ourPort}/metrics`);
      await getText(`http://127.0.0.1:${theirPort}/metrics`);
      await sleep(Math.max(0, SCRAPE_MS - (Date.now() - tick)));
    }

    const sizeMb = (bytes: number) => bytes / 1e6;
    const notes = `podman --runtime runc, --network=host, --read-only; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores`;
    recordRows([
      row(
        'image: exporter image size',
        sizeMb(cold.sizeBytes),
        'MB',
        { name: `${ANCHOR} binary (what its FROM scratch image holds)`, value: sizeMb(anchorBytes) },
        'podman image size, uncompressed; base = stand-in for node:20-bookworm-slim (debootstrap minbase + Node 20 + npm)',
      ),
      row(
        'image: exporter rebuild, unchanged sources',
        rebuildMs,
        'ms',
        undefined,
        'podman build --layers: every step from the layer cache',
      ),
      row(
        'image: container start to first successful scrape (median)',
        median(ourStart),
        'ms',
        { name: `${ANCHOR} process start to first successful scrape (median)`, value: median(theirStart) },
        `${STARTS} starts each; ours ${ourStart.join('/')} ms, anchor ${theirStart.join('/')} ms; ${notes}`,
      ),
      row(
        'image: RSS in the container under a steady scrape',
        rssMb(ours.hostPid),
        'MB',
        { name: `${ANCHOR} RSS under the same scrape`, value: rssMb(theirs.pid) },
        `after ${SCRAPES} scrapes, one per ${SCRAPE_MS} ms alternating; container main process VmRSS; ${notes}`,
      ),
      row(
        'image: peak RSS in the container under a steady scrape',
        peakRssMb(ours.hostPid),
        'MB',
        { name: `${ANCHOR} peak RSS under the same scrape`, value: peakRssMb(theirs.pid) },
        `VmHWM over start-up and ${SCRAPES} scrapes; ${notes}`,
      ),
    ]);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    for (const port of ports) releasePort(port);
    await redis.stop();
    removeDir(dir);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
