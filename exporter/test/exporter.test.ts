import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateCa,
  startRedis,
  tempDir,
  removeDir,
  waitForReplication,
  waitFor,
  type RedisServer,
} from '@redis-lens/testkit';
import type { RunningExporter } from '../src/service';
import { scrape, series, startTestExporter } from './helpers';

describe('exporter against a real master with a replica', () => {
  let master: RedisServer;
  let replica: RedisServer;
  let exporter: RunningExporter;

  beforeAll(async () => {
    master = await startRedis();
    replica = await startRedis({ replicaOf: { host: '127.0.0.1', port: master.port } });
    await waitForReplication(replica);
    const client = master.client();
    for (const db of [0, 1, 5]) {
      await client.select(db);
      await client.set(`k${db}`, 'v');
      await client.set(`e${db}`, 'v', 'EX', 1000);
    }
    await client.get('missing');
    await client.hset('h', 'f', 'v');
    await client.call('NOSUCHCOMMAND').catch(() => undefined);
    client.disconnect();
    exporter = await startTestExporter([
      '--redis.addr',
      master.url(),
      '--scrape.allowed-targets',
      `redis://127.0.0.1:${replica.port}`,
    ]);
  });
  afterAll(async () => {
    await exporter?.stop();
    await replica?.stop();
    await master?.stop();
  });

  it('serves redis_exporter names with real values', async () => {
    const { status, metrics, body } = await scrape(exporter);
    expect(status).toBe(200);
    expect(metrics.get('redis_up')).toBe(1);
    expect(metrics.get('redis_exporter_last_scrape_error{err=""}')).toBe(0);
    expect(metrics.get('redis_db_keys{db="db1"}')).toBe(2);
    expect(metrics.get('redis_db_keys_expiring{db="db1"}')).toBe(1);
    expect(metrics.get('redis_db_keys{db="db2"}')).toBe(0);
    expect(metrics.get('redis_commands_total{cmd="hset"}')).toBe(1);
    expect(metrics.get('redis_errors_total{err="ERR"}')).toBeGreaterThanOrEqual(1);
    expect(metrics.get('redis_keyspace_misses_total')).toBeGreaterThanOrEqual(1);
    expect(metrics.get('redis_connected_slaves')).toBe(1);
    expect(metrics.get('redis_config_maxclients')).toBe(10000);
    const scrapes = metrics.get('redis_exporter_scrapes_total')!;
    expect(scrapes).toBeGreaterThanOrEqual(1);
    expect((await scrape(exporter)).metrics.get('redis_exporter_scrapes_total')).toBe(scrapes + 1);
    expect(series(metrics, 'redis_instance_info')[0].labels).toContain('role="master"');
    // Drop-in output: no OTel scope labels, no target_info.
    expect(body).not.toContain('otel_scope_name');
    expect(body).not.toContain('target_info');
    expect(body).toContain('# TYPE redis_commands_total counter');
  });

  it('exports per-replica offset and lag', async () => {
    // The master may still report wait_bgsave for a moment after the replica's link is up.
    const metrics = await waitFor('master to report its replica online', async () => {
      const m = (await scrape(exporter)).metrics;
      return series(m, 'redis_connected_slave_offset_bytes').some((s) => s.labels.includes('online')) ? m : undefined;
    });
    const offsets = series(metrics, 'redis_connected_slave_offset_bytes');
    expect(offsets).toHaveLength(1);
    expect(offsets[0].labels).toContain(`slave_port="${replica.port}"`);
    expect(offsets[0].labels).toContain('slave_state="online"');
    expect(series(metrics, 'redis_connected_slave_lag_seconds')).toHaveLength(1);
  });

  it('serves health and readiness', async () => {
    expect((await scrape(exporter, '/health')).status).toBe(200);
    expect((await scrape(exporter, '/ready')).status).toBe(200);
    expect((await scrape(exporter, '/nope')).status).toBe(404);
  });

  it('scrapes allowlisted targets on /scrape and refuses others with 403', async () => {
    const ok = await scrape(exporter, `/scrape?target=${encodeURIComponent(`redis://127.0.0.1:${replica.port}`)}`);
    expect(ok.status).toBe(200);
    expect(ok.metrics.get('redis_up')).toBe(1);
    expect(series(ok.metrics, 'redis_master_link_up')[0].value).toBe(1);
    const refused = await scrape(exporter, `/scrape?target=${encodeURIComponent(master.url())}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('--scrape.allowed-targets');
    expect((await scrape(exporter, '/scrape')).status).toBe(400);
    const { metrics } = await scrape(exporter);
    expect(metrics.get('redis_target_scrape_request_errors_total')).toBeGreaterThanOrEqual(2);
  });
});

describe('exporter when Redis goes away', () => {
  let redis: RedisServer;
  let exporter: RunningExporter;
  beforeAll(async () => {
    redis = await startRedis();
    exporter = await startTestExporter(['--redis.addr', redis.url(), '--connection-timeout', '2s']);
  });
  afterAll(async () => {
    await exporter?.stop();
    await redis?.stop();
  });

  it('reports up 0 with HTTP 200 while down, and up 1 after a restart', async () => {
    expect((await scrape(exporter)).metrics.get('redis_up')).toBe(1);
    await redis.process.stop();
    const down = await scrape(exporter);
    expect(down.status).toBe(200);
    expect(down.metrics.get('redis_up')).toBe(0);
    expect(series(down.metrics, 'redis_exporter_last_scrape_error')[0].value).toBe(1);
    // Stale series from before the outage are gone, as in redis_exporter.
    expect(series(down.metrics, 'redis_commands_total')).toHaveLength(0);
    await redis.restart();
    await waitFor('redis_up 1 after restart', async () => (await scrape(exporter)).metrics.get('redis_up') === 1);
  });

  it('reports up 0 when Redis hangs (timeout), and recovers when it resumes', async () => {
    redis.process.signal('SIGSTOP');
    try {
      const hung = await scrape(exporter);
      expect(hung.status).toBe(200);
      expect(hung.metrics.get('redis_up')).toBe(0);
    } finally {
      redis.process.signal('SIGCONT');
    }
    await waitFor('redis_up 1 after SIGCONT', async () => (await scrape(exporter)).metrics.get('redis_up') === 1);
  });
});

describe('exporter auth, TLS and unix socket', () => {
  const started: { stop(): Promise<void> }[] = [];
  const dir = tempDir('exporter-auth');
  afterAll(async () => {
    for (const s of started.reverse()) await s.stop();
    removeDir(dir);
  });
  const track = <T extends { stop(): Promise<void> }>(s: T) => {
    started.push(s);
    return s;
  };

  it('ACL user with password from a file: up 1; wrong password: up 0, HTTP 200', async () => {
    const redis = track(
      await startRedis({ password: 'default-pw', aclUser: { username: 'metrics', password: 'acl-pw' } }),
    );
    const pwFile = join(dir, 'pw');
    writeFileSync(pwFile, 'acl-pw\n', { mode: 0o600 });
    const good = track(
      await startTestExporter([
        '--redis.addr',
        redis.url(),
        '--redis.user',
        'metrics',
        '--redis.password-file',
        pwFile,
      ]),
    );
    expect((await scrape(good)).metrics.get('redis_up')).toBe(1);
    const bad = track(await startTestExporter(['--redis.addr', redis.url()], { REDIS_PASSWORD: 'wrong' }));
    const res = await scrape(bad);
    expect(res.status).toBe(200);
    expect(res.metrics.get('redis_up')).toBe(0);
    expect(res.body).not.toContain('wrong');
  });

  it('TLS with the right CA and client cert: up 1; with another CA: up 0', async () => {
    const redis = track(await startRedis({ tls: { requireClientCert: true } }));
    const certs = redis.certificates!;
    const tlsArgs = [
      '--tls-client-cert-file',
      certs.clientCert,
      '--tls-client-key-file',
      certs.clientKey,
      '--tls-server-name',
      'localhost',
    ];
    const good = track(
      await startTestExporter(['--redis.addr', redis.url(), '--tls-ca-cert-file', certs.caCert, ...tlsArgs]),
    );
    expect((await scrape(good)).metrics.get('redis_up')).toBe(1);
    const otherCa = generateCa(dir, 'other');
    const bad = track(
      await startTestExporter(['--redis.addr', redis.url(), '--tls-ca-cert-file', otherCa.cert, ...tlsArgs]),
    );
    const res = await scrape(bad);
    expect(res.status).toBe(200);
    expect(res.metrics.get('redis_up')).toBe(0);
  });

  it('unix socket', async () => {
    const sockDir = tempDir('sock');
    const socket = join(sockDir, 'redis.sock');
    const redis = track(await startRedis({ config: [`unixsocket ${socket}`, 'unixsocketperm 700'] }));
    track({ stop: async () => removeDir(sockDir) });
    const exporter = track(await startTestExporter(['--redis.addr', `unix://${socket}`]));
    const { metrics } = await scrape(exporter);
    expect(metrics.get('redis_up')).toBe(1);
    expect(redis.port).toBeGreaterThan(0);
  });

  it('basic auth guards /metrics but not /health', async () => {
    const redis = track(await startRedis());
    const exporter = track(
      await startTestExporter(['--redis.addr', redis.url(), '--web.basic-auth-user', 'prom'], {
        WEB_BASIC_AUTH_PASSWORD: 'scrape-pw',
      }),
    );
    expect((await scrape(exporter)).status).toBe(401);
    expect((await scrape(exporter, '/health')).status).toBe(200);
    const auth = { headers: { authorization: `Basic ${Buffer.from('prom:scrape-pw').toString('base64')}` } };
    const ok = await scrape(exporter, '/metrics', auth);
    expect(ok.status).toBe(200);
    expect(ok.metrics.get('redis_up')).toBe(1);
  });
});
