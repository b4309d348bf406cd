// Managed-service profile: the real Redis 7.0 configured as ElastiCache, MemoryDB, Azure Cache or Memorystore behave
// — CONFIG renamed, DEBUG and OBJECT renamed away, and an ACL user without @admin/@dangerous (INFO granted back, as
// those services do; CLUSTER denied on a cluster node). Every feature must degrade to what the server allows, say so
// in one log line per feature and in redis_exporter_feature_available / redis_hotkeys_available, and never fail the
// scrape.
import pino from 'pino';
import { startRedis, waitFor, type RedisServer } from '@redis-lens/testkit';
import { loadConfig } from '../src/config';
import { FEATURE_FACTORIES } from '../src/features';
import { startExporter, type RunningExporter } from '../src/service';
import { scrape, series } from './helpers';

const RENAMED_CONFIG = 'cfg-7f3a9';
const USER = { name: 'metrics', password: 'managed-service-test-pw' };
// What managed services give a monitoring user: everything but @admin/@dangerous, INFO added back.
const ACL_USER = `user ${USER.name} on >${USER.password} ~* &* +@all -@admin -@dangerous +info`;

interface Started {
  exporter: RunningExporter;
  logs: { feature?: string; msg: string; reason?: string }[];
}

async function startWithLogs(args: string[], env: NodeJS.ProcessEnv = {}, withHotKeys = false): Promise<Started> {
  const logs: Started['logs'] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const config = loadConfig(['--web.listen-address', '127.0.0.1:0', ...args], env);
  const exporter = await startExporter(config, { env, logger, features: withHotKeys ? FEATURE_FACTORIES : [] });
  return { exporter, logs };
}

const featureAvailable = (metrics: Map<string, number>) =>
  Object.fromEntries(
    series(metrics, 'redis_exporter_feature_available').map((s) => [
      /feature="([^"]+)"/.exec(s.labels)![1],
      `${s.value} ${/reason="([^"]*)"/.exec(s.labels)![1]}`,
    ]),
  );

describe('managed-service profile (renamed and refused commands)', () => {
  let redis: RedisServer;
  let clusterNode: RedisServer;
  const running: RunningExporter[] = [];

  beforeAll(async () => {
    redis = await startRedis({
      maxmemoryPolicy: 'allkeys-lfu',
      config: [
        `rename-command CONFIG ${RENAMED_CONFIG}`,
        'rename-command DEBUG ""',
        'rename-command OBJECT ""',
        'slowlog-log-slower-than 0',
        ACL_USER,
      ],
    });
    clusterNode = await startRedis({ cluster: true, config: [`${ACL_USER} -cluster`] });
    const c = redis.client();
    for (let i = 0; i < 50; i++) await c.set(`session:${i}`, 'v');
    for (let i = 0; i < 200; i++) await c.get(`session:${i % 5}`);
    c.disconnect();
  });
  afterAll(async () => {
    await Promise.allSettled(running.map((e) => e.stop()));
    await clusterNode?.stop();
    await redis?.stop();
  });

  it('--config-command reaches the renamed CONFIG; OBJECT renamed away turns hot keys off with a reason', async () => {
    const { exporter, logs } = await startWithLogs(
      ['--redis.addr', redis.url(), '--config-command', RENAMED_CONFIG, '--hotkeys.interval', '200ms'],
      {},
      true,
    );
    running.push(exporter);
    let metrics = (await scrape(exporter)).metrics;
    expect(metrics.get('redis_up')).toBe(1);
    expect(metrics.get('redis_exporter_last_scrape_error{err=""}')).toBe(0);
    expect(metrics.get('redis_config_maxmemory')).toBe(0);
    expect(featureAvailable(metrics)).toMatchObject({ config: '1 ', slowlog: '1 ', latency: '1 ' });
    await waitFor('hot keys to report OBJECT refused', async () => {
      metrics = (await scrape(exporter)).metrics;
      return metrics.get('redis_hotkeys_available{reason="object_refused"}') === 0;
    });
    expect(logs.filter((l) => /OBJECT FREQ refused/.test(l.msg))).toHaveLength(1);
  });

  it('without --config-command: config metrics are left out, once logged, and the scrape succeeds', async () => {
    const { exporter, logs } = await startWithLogs(['--redis.addr', redis.url()]);
    running.push(exporter);
    for (let i = 0; i < 3; i++) {
      const { status, metrics } = await scrape(exporter);
      expect(status).toBe(200);
      expect(metrics.get('redis_up')).toBe(1);
      expect(metrics.get('redis_connected_clients')).toBeGreaterThan(0);
      expect(metrics.has('redis_config_maxmemory')).toBe(false);
      expect(featureAvailable(metrics)).toMatchObject({ config: '0 unknown_command', slowlog: '1 ', latency: '1 ' });
    }
    // The first collection runs at start, then three scrapes: still one line.
    expect(logs.filter((l) => l.feature === 'config')).toHaveLength(1);
  });

  it('an ACL user without @admin/@dangerous: INFO metrics stay, each refused feature says no_permission', async () => {
    const { exporter, logs } = await startWithLogs(['--redis.addr', redis.url(), '--redis.user', USER.name], {
      REDIS_PASSWORD: USER.password,
    });
    running.push(exporter);
    const { status, metrics } = await scrape(exporter);
    expect(status).toBe(200);
    expect(metrics.get('redis_up')).toBe(1);
    expect(metrics.get('redis_exporter_last_scrape_error{err=""}')).toBe(0);
    expect(metrics.get('redis_db_keys{db="db0"}')).toBe(50);
    expect(series(metrics, 'redis_commands_total').length).toBeGreaterThan(0);
    expect(featureAvailable(metrics)).toMatchObject({
      config: '0 unknown_command', // renamed: the user's ACL never sees the name
      slowlog: '0 no_permission',
      latency: '0 no_permission',
      latency_histogram: '0 no_permission',
    });
    expect(series(metrics, 'redis_slowlog_length')).toHaveLength(0);
    for (const feature of ['slowlog', 'latency', 'latency_histogram']) {
      expect({ feature, lines: logs.filter((l) => l.feature === feature).length }).toEqual({ feature, lines: 1 });
    }
  });

  it('a cluster node whose CLUSTER is denied: the node is scraped, cluster metrics say no_permission', async () => {
    const { exporter } = await startWithLogs(['--redis.addr', clusterNode.url(), '--redis.user', USER.name], {
      REDIS_PASSWORD: USER.password,
    });
    running.push(exporter);
    const { metrics } = await scrape(exporter);
    expect(metrics.get('redis_up')).toBe(1);
    expect(metrics.get('redis_cluster_enabled')).toBe(1);
    expect(metrics.has('redis_cluster_state')).toBe(false);
    expect(featureAvailable(metrics)).toMatchObject({ cluster: '0 no_permission' });
  });
});
