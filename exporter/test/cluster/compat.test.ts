import { join } from 'node:path';
import {
  freePort,
  getText,
  releasePort,
  removeDir,
  spawnManaged,
  startRedisCluster,
  tempDir,
  waitFor,
  type ManagedProcess,
  type RedisCluster,
} from '@redis-lens/testkit';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startExporter, type RunningExporter } from '../../src/service';
import { compareExpositions, readExposition } from '../support/exposition';

const isClusterMetric = (name: string) => name.startsWith('redis_cluster_');

// Debian's prometheus-redis-exporter 1.45 --is-cluster and redis-lens --is-cluster on the same real 3 × 1 cluster.
describe("cluster compatibility with Debian's prometheus-redis-exporter --is-cluster", () => {
  let cluster: RedisCluster;
  let ours: RunningExporter;
  let theirs: ManagedProcess;
  let theirPort: number;
  const dir = tempDir('cluster-compat');

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    theirPort = await freePort();
    theirs = spawnManaged(
      'prometheus-redis-exporter',
      'prometheus-redis-exporter',
      ['-redis.addr', cluster.nodes[0].url(), '-is-cluster', '-web.listen-address', `127.0.0.1:${theirPort}`],
      { cwd: dir, logFile: join(dir, 'debian-exporter.log') },
    );
    const config = loadConfig([
      '--web.listen-address',
      '127.0.0.1:0',
      '--redis.addr',
      cluster.nodes[0].url(),
      '--is-cluster',
      '--hotkeys.enabled=false',
    ]);
    ours = await startExporter(config, { env: {}, logger: pino({ level: 'silent' }) });
    await waitFor(
      'Debian exporter to serve',
      async () => (await getText(`http://127.0.0.1:${theirPort}/metrics`)).status === 200,
    );
  });
  afterAll(async () => {
    await ours?.stop();
    await theirs?.stop();
    if (theirPort) releasePort(theirPort);
    await cluster?.stop();
    removeDir(dir);
  });

  it.each([
    ['/metrics (the seed)', () => '/metrics'],
    ['/scrape?target= (another node)', () => `/scrape?target=${encodeURIComponent(cluster.nodes[4].url())}`],
  ])('exposes every redis_cluster_* name of theirs with the same labels and type on %s', async (_label, path) => {
    const [a, b] = await Promise.all([
      getText(`http://127.0.0.1:${theirPort}${path()}`),
      getText(`${ours.url}${path()}`),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const diff = compareExpositions(readExposition(a.body), readExposition(b.body), isClusterMetric);
    console.log(
      [
        `redis_exporter 1.45 --is-cluster, ${path()}: ${diff.theirNames.length} redis_cluster_* names`,
        `missing in redis-lens: ${diff.missing.join(', ') || 'none'}`,
        `label differences: ${diff.labelDiffs.join('; ') || 'none'}`,
        `type differences: ${diff.typeDiffs.join('; ') || 'none'}`,
        `only in redis-lens: ${diff.extra.join(', ') || 'none'}`,
      ].join('\n'),
    );
    expect(diff.theirNames.length).toBeGreaterThan(10);
    expect(diff.missing).toEqual([]);
    expect(diff.labelDiffs).toEqual([]);
    expect(diff.typeDiffs).toEqual([]);
  });

  it('has no http_sd discovery in 1.45: /discover-cluster-nodes is only ours', async () => {
    const [a, b] = await Promise.all([
      getText(`http://127.0.0.1:${theirPort}/discover-cluster-nodes`),
      getText(`${ours.url}/discover-cluster-nodes`),
    ]);
    // 1.45 answers any unknown path with its index page (HTML), not JSON.
    const theirsIsJson = (() => {
      try {
        return Array.isArray(JSON.parse(a.body));
      } catch {
        return false;
      }
    })();
    console.log(`redis_exporter 1.45 /discover-cluster-nodes: HTTP ${a.status}, JSON: ${theirsIsJson}`);
    expect(theirsIsJson).toBe(false);
    expect(b.status).toBe(200);
    expect(JSON.parse(b.body)).toHaveLength(6);
  });
});
