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
  type ManagedProcess,
  type RedisServer,
} from '@redis-lens/testkit';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startExporter, type RunningExporter } from '../../src/service';
import { parseMetrics } from '../helpers';

const GROUPS = '^(session):,^(cart):,^(blob):';
const KEY_GROUP_NAMES = [
  'redis_key_group_count',
  'redis_key_group_memory_usage_bytes',
  'redis_number_of_distinct_key_groups',
  'redis_last_key_groups_scrape_duration_milliseconds',
];

// Debian's prometheus-redis-exporter 1.45 -check-key-groups (a Lua full walk on every scrape) beside redis-lens's
// --check-key-groups (a bounded background sampler) on the same real Redis: same names and labels; once redis-lens's
// window has covered the keyspace (coverage 1) the numbers are the same exact walk, so they must agree.
describe("--check-key-groups beside Debian's prometheus-redis-exporter", () => {
  let redis: RedisServer;
  let ours: RunningExporter;
  let theirs: ManagedProcess;
  let theirPort: number;
  const dir = tempDir('memory-compat');

  beforeAll(async () => {
    redis = await startRedis();
    const client = redis.client();
    const p = client.pipeline();
    for (let i = 0; i < 2000; i++) p.set(`session:${i}`, 'x'.repeat(60 + (i % 50)));
    for (let i = 0; i < 500; i++) p.rpush(`cart:${i}`, ...Array.from({ length: 1 + (i % 20) }, (_, j) => `item${j}`));
    for (let i = 0; i < 50; i++) p.set(`blob:${i}`, 'b'.repeat(3000 + i));
    for (let i = 0; i < 30; i++) p.set(`misc${i}`, 'v');
    await p.exec();
    client.disconnect();
    theirPort = await freePort();
    theirs = spawnManaged(
      'prometheus-redis-exporter',
      'prometheus-redis-exporter',
      ['-redis.addr', redis.url(), '-web.listen-address', `127.0.0.1:${theirPort}`, '-check-key-groups', GROUPS],
      { cwd: dir, logFile: join(dir, 'debian-exporter.log') },
    );
    const config = loadConfig([
      '--web.listen-address',
      '127.0.0.1:0',
      '--redis.addr',
      redis.url(),
      '--hotkeys.enabled=false',
      '--memory.interval',
      '100ms',
      '--check-key-groups',
      GROUPS,
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
    await redis?.stop();
    removeDir(dir);
  });

  it('gives the same groups, labels and (after a full window) the same counts and bytes', async () => {
    const our = await waitFor(
      'a full window',
      async () => {
        const m = parseMetrics((await getText(`${ours.url}/metrics`)).body);
        return m.get('redis_key_groups_sample_coverage_ratio{db="db0"}') === 1 &&
          m.has('redis_last_key_groups_scrape_duration_milliseconds')
          ? m
          : false;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const their = parseMetrics((await getText(`http://127.0.0.1:${theirPort}/metrics`)).body);
    const pick = (m: Map<string, number>) =>
      new Map(
        [...m].filter(([k]) =>
          [
            'redis_key_group_count{',
            'redis_key_group_memory_usage_bytes{',
            'redis_number_of_distinct_key_groups{',
          ].some((p) => k.startsWith(p)),
        ),
      );
    const theirs = pick(their);
    console.log(
      `redis_exporter 1.45 -check-key-groups: ${[...theirs].map(([k, v]) => `${k} ${v}`).join('\n')}\n` +
        `walk ${their.get('redis_last_key_groups_scrape_duration_milliseconds')} ms per scrape; ` +
        `redis-lens window ${our.get('redis_last_key_groups_scrape_duration_milliseconds')} ms in the background`,
    );
    expect(theirs.get('redis_key_group_count{db="db0",key_group="session"}')).toBe(2000);
    // Same series names and label sets, same values.
    expect(pick(our)).toEqual(theirs);
    for (const name of KEY_GROUP_NAMES) expect([...our.keys()].some((k) => k.startsWith(name))).toBe(true);
  });
});
