import { join } from 'node:path';
import {
  freePort,
  getText,
  releasePort,
  removeDir,
  spawnManaged,
  startRedis,
  tempDir,
  waitFor,
  waitForReplication,
  type ManagedProcess,
  type RedisServer,
} from '@redis-lens/testkit';
import type { RunningExporter } from '../src/service';
import { startTestExporter } from './helpers';
import { compareExpositions, readExposition } from './support/exposition';

/**
 * Labels the current redis_exporter added since 1.45 (fixtures/redis-exporter-names.json); redis-lens follows the
 * current release, so these are the only label differences allowed against Debian's.
 */
const ADDED_SINCE_1_45: Record<string, string[]> = { redis_instance_info: ['master_replid'] };

/** Go runtime and process metrics are the Go binary's, not Redis's. */
const isRedisMetric = (name: string) => name.startsWith('redis_');

describe("compatibility with Debian's prometheus-redis-exporter on the same Redis 7", () => {
  let master: RedisServer;
  let replica: RedisServer;
  let ours: RunningExporter;
  let theirs: ManagedProcess;
  let theirPort: number;
  const dir = tempDir('compat');

  beforeAll(async () => {
    master = await startRedis({ config: ['slowlog-log-slower-than 0', 'latency-monitor-threshold 1'] });
    replica = await startRedis({ replicaOf: { host: '127.0.0.1', port: master.port } });
    await waitForReplication(replica);
    const c = master.client();
    for (const db of [0, 1, 3]) {
      await c.select(db);
      for (let i = 0; i < 20; i++) {
        if (i % 2) await c.set(`key:${db}:${i}`, 'v', 'EX', 1000);
        else await c.set(`key:${db}:${i}`, 'v');
      }
    }
    await c.lpush('list', 'a');
    await c.sadd('set', 'a');
    await c.get('nope');
    await c.call('DEBUG', 'SLEEP', '0.01');
    await c.call('NOPE').catch(() => undefined);
    c.disconnect();

    theirPort = await freePort();
    theirs = spawnManaged(
      'prometheus-redis-exporter',
      'prometheus-redis-exporter',
      ['-redis.addr', master.url(), '-web.listen-address', `127.0.0.1:${theirPort}`],
      { cwd: dir, logFile: join(dir, 'debian-exporter.log') },
    );
    ours = await startTestExporter(['--redis.addr', master.url()]);
    await waitFor(
      'Debian exporter to serve',
      async () => (await getText(`http://127.0.0.1:${theirPort}/metrics`)).status === 200,
    );
  });
  afterAll(async () => {
    await ours?.stop();
    await theirs?.stop();
    if (theirPort) releasePort(theirPort);
    await replica?.stop();
    await master?.stop();
    removeDir(dir);
  });

  it('exposes at least 90% of its Redis metric names, with the same labels', async () => {
    const [a, b] = await Promise.all([
      getText(`http://127.0.0.1:${theirPort}/metrics`),
      getText(`${ours.url}/metrics`),
    ]);
    const their = readExposition(a.body);
    const our = readExposition(b.body);
    const { theirNames, missing, labelDiffs, typeDiffs, extra } = compareExpositions(their, our, isRedisMetric);
    const coverage = (theirNames.length - missing.length) / theirNames.length;

    console.log(
      [
        `redis_exporter compat: ${theirNames.length - missing.length}/${theirNames.length} names (${(coverage * 100).toFixed(1)}%)`,
        `missing: ${missing.join(', ') || 'none'}`,
        `label differences: ${labelDiffs.join('; ') || 'none'}`,
        `type differences: ${typeDiffs.join('; ') || 'none'}`,
        `only in redis-lens: ${extra.join(', ') || 'none'}`,
      ].join('\n'),
    );
    expect(coverage).toBeGreaterThanOrEqual(0.9);
    // The series dashboards and alerts lean on must match exactly, labels included.
    for (const name of [
      'redis_up',
      'redis_db_keys',
      'redis_commands_total',
      'redis_commands_duration_seconds_total',
      'redis_connected_slave_offset_bytes',
      'redis_connected_slave_lag_seconds',
      'redis_instance_info',
      'redis_memory_used_bytes',
      'redis_errors_total',
    ]) {
      const added = ADDED_SINCE_1_45[name] ?? [];
      const ours = [...(our.labels.get(name) ?? [])].filter((l) => !added.includes(l));
      expect({ name, labels: ours.sort() }).toEqual({
        name,
        labels: [...(their.labels.get(name) ?? [])].sort(),
      });
    }
  });
});
