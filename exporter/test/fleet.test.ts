import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';
import {
  getText,
  removeDir,
  startRedis,
  startPrometheus,
  startRedisLensExporter,
  tempDir,
  waitFor,
  type RedisLensExporter,
  type RedisServer,
} from '@redis-lens/testkit';
import pino from 'pino';
import { redisOptionsFor } from '../src/connection';
import { TargetPool } from '../src/target-pool';
import { parseMetrics, startTestExporter } from './helpers';

/**
 * Multi-target fleets through the real CLI: several real redis-servers with different passwords and ACL users,
 * scraped through `/scrape?target=` with per-target credentials from `--scrape.credentials-file`, reloaded on SIGHUP
 * and `POST /-/reload`, over pooled connections. Every password is distinctive so the last test can grep every
 * response and log line for it.
 */
describe('exporter fleet: per-target credentials and pooled /scrape connections', () => {
  const dir = tempDir('exporter-fleet');
  const secrets = {
    alpha: 'pw-alpha-7Qx2-first',
    alpha2: 'pw-alpha-7Qx2-second',
    alpha3: 'pw-alpha-7Qx2-third',
    bravo: 'pw-bravo-K9z4',
    bravoDefault: 'pw-bravo-default-M3t8',
    charlie: 'pw-charlie-R2w6',
    foxtrot: 'pw-foxtrot-T5v1',
  };
  const responses: string[] = [];
  const servers: RedisServer[] = [];
  const admins: Redis[] = [];
  const exporters: RedisLensExporter[] = [];
  let alpha: RedisServer; // requirepass
  let bravo: RedisServer; // ACL user `fleet`, a different requirepass for the default user
  let charlie: RedisServer; // reached only through auth_module=charlie
  let delta: RedisServer; // no password: broken connections
  let echo: RedisServer; // no password: idle eviction
  let foxtrot: RedisServer; // TLS with a client certificate, from the entry's own tls files (no --tls-* flags)
  let exporter: RedisLensExporter;
  let alphaAdmin: Redis;
  let bravoAdmin: Redis;
  const credentialsFile = join(dir, 'credentials.json');

  const writeSecret = (name: string, value: string) => writeFileSync(join(dir, name), `${value}\n`, { mode: 0o600 });
  const writeCredentials = () =>
    writeFileSync(
      credentialsFile,
      JSON.stringify({
        targets: [
          { match: `redis://127.0.0.1:${alpha.port}`, password_file: 'alpha.pw' },
          { match: `127.0.0.1:${bravo.port}`, user: 'fleet', password_file: join(dir, 'bravo.pw') },
          {
            match: `rediss://127.0.0.1:${foxtrot.port}`,
            password_file: 'foxtrot.pw',
            tls: {
              ca_file: foxtrot.certificates!.caCert,
              cert_file: foxtrot.certificates!.clientCert,
              key_file: foxtrot.certificates!.clientKey,
              server_name: 'localhost',
            },
          },
        ],
        auth_modules: { charlie: { password_file: 'charlie.pw' } },
      }),
    );

  const get = async (path: string, init?: RequestInit) => {
    const res = await getText(`http://${exporter.address}${path}`, init);
    responses.push(res.body);
    return res;
  };
  const scrapeTarget = async (server: RedisServer, extra = '', via = exporter) => {
    const res = await getText(`http://${via.address}/scrape?target=redis://127.0.0.1:${server.port}${extra}`);
    responses.push(res.body);
    expect(res.status).toBe(200);
    return parseMetrics(res.body);
  };
  const up = async (server: RedisServer, extra = '', via = exporter) =>
    (await scrapeTarget(server, extra, via)).get('redis_up');
  /** Ids of the exporter's connections (client name `redis-lens`) on a server. */
  const exporterClients = async (admin: Redis): Promise<string[]> => {
    const list = String(await admin.call('CLIENT', 'LIST', 'TYPE', 'normal'));
    return list
      .split('\n')
      .filter((line) => / name=redis-lens /.test(line))
      .map((line) => /id=(\d+)/.exec(line)![1]);
  };
  const connectionsReceived = async (admin: Redis) =>
    Number(/total_connections_received:(\d+)/.exec(String(await admin.info('stats')))![1]);
  const logCount = (text: string) => exporter.process.logs().split(text).length - 1;

  beforeAll(async () => {
    alpha = await startRedis({ password: secrets.alpha });
    bravo = await startRedis({
      password: secrets.bravoDefault,
      aclUser: { username: 'fleet', password: secrets.bravo },
    });
    charlie = await startRedis({ password: secrets.charlie });
    delta = await startRedis();
    echo = await startRedis();
    foxtrot = await startRedis({ password: secrets.foxtrot, tls: { requireClientCert: true } });
    servers.push(alpha, bravo, charlie, delta, echo, foxtrot);
    alphaAdmin = alpha.client();
    bravoAdmin = bravo.client();
    admins.push(alphaAdmin, bravoAdmin);
    writeSecret('alpha.pw', secrets.alpha);
    writeSecret('bravo.pw', secrets.bravo);
    writeSecret('charlie.pw', secrets.charlie);
    writeSecret('foxtrot.pw', secrets.foxtrot);
    writeCredentials();
    exporter = await startRedisLensExporter(
      delta.host + ':' + delta.port,
      ['--scrape.allowed-targets=redis://127.0.0.1,rediss://127.0.0.1', '--hotkeys.enabled=false'],
      { REDIS_EXPORTER_SCRAPE_CREDENTIALS_FILE: credentialsFile },
    );
    exporters.push(exporter);
  }, 120_000);

  afterAll(async () => {
    for (const e of exporters) await e.stop();
    for (const a of admins) a.disconnect();
    for (const s of servers) await s.stop();
    removeDir(dir);
  });

  it('scrapes each target with its own credentials: password, ACL user, auth_module', async () => {
    expect(await up(alpha)).toBe(1);
    expect(await up(bravo)).toBe(1);
    expect(await up(charlie, '&auth_module=charlie')).toBe(1);
    const tls = await getText(`http://${exporter.address}/scrape?target=rediss://127.0.0.1:${foxtrot.port}`);
    responses.push(tls.body);
    expect(parseMetrics(tls.body).get('redis_up')).toBe(1);
    // Without the module charlie gets the exporter's own (no) password.
    const without = await scrapeTarget(charlie);
    expect(without.get('redis_up')).toBe(0);
    expect([...without.keys()].some((k) => k.startsWith('redis_exporter_last_scrape_error{err="NOAUTH'))).toBe(true);
    // ACL user: the connection on bravo is `fleet`, not `default`.
    const list = String(await bravoAdmin.call('CLIENT', 'LIST', 'TYPE', 'normal'));
    expect(list).toMatch(/ name=redis-lens .* user=fleet /);
  });

  it('refuses an unknown auth_module (400), a target outside the allowlist (403) and credentials in the URL', async () => {
    const unknown = await get(`/scrape?target=redis://127.0.0.1:${alpha.port}&auth_module=nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatch(/unknown auth_module 'nope'/);
    expect((await get(`/scrape?target=redis://127.0.0.2:${alpha.port}`)).status).toBe(403);
    expect((await get(`/scrape?target=redis://:${secrets.alpha}@127.0.0.1:${alpha.port}`)).status).toBe(403);
    expect((await get('/-/reload')).status).toBe(405);
  });

  it('reuses one pooled connection per target across scrapes', async () => {
    await up(bravo);
    const before = await connectionsReceived(bravoAdmin);
    const ids = await exporterClients(bravoAdmin);
    expect(ids).toHaveLength(1);
    for (let i = 0; i < 5; i++) expect(await up(bravo)).toBe(1);
    expect(await connectionsReceived(bravoAdmin)).toBe(before);
    expect(await exporterClients(bravoAdmin)).toEqual(ids);
    const metrics = parseMetrics((await get('/metrics')).body);
    expect(metrics.get('redis_exporter_scrape_pool_targets')).toBeGreaterThanOrEqual(3);
  });

  it('a broken connection reconnects on the next scrape; a down target is redis_up 0 meanwhile', async () => {
    const deltaAdmin = delta.client();
    admins.push(deltaAdmin);
    expect(await up(delta)).toBe(1);
    const [id] = await exporterClients(deltaAdmin);
    await deltaAdmin.call('CLIENT', 'KILL', 'ID', id);
    expect(await up(delta)).toBe(1);
    const [reconnected] = await exporterClients(deltaAdmin);
    expect(reconnected).not.toBe(id);
    deltaAdmin.disconnect();
    delta.process.signal('SIGKILL');
    await delta.process.exited;
    expect(await up(delta)).toBe(0);
    await delta.restart();
    expect(await up(delta)).toBe(1);
  });

  it('POST /-/reload picks up a changed password file and closes only the affected pooled connections', async () => {
    await up(alpha);
    await up(bravo);
    const [alphaId] = await exporterClients(alphaAdmin);
    const bravoIds = await exporterClients(bravoAdmin);
    await alphaAdmin.call('CONFIG', 'SET', 'requirepass', secrets.alpha2);
    writeSecret('alpha.pw', secrets.alpha2);
    const reload = await get('/-/reload', { method: 'POST' });
    expect(reload.status).toBe(200);
    // alpha's credentials changed: its connection is closed; bravo's did not: its connection stays.
    await waitFor('alpha pooled connection closed', async () => !(await exporterClients(alphaAdmin)).includes(alphaId));
    expect(await exporterClients(bravoAdmin)).toEqual(bravoIds);
    expect(await up(alpha)).toBe(1);
    expect(await up(bravo)).toBe(1);
    expect(await exporterClients(bravoAdmin)).toEqual(bravoIds);
  });

  it('SIGHUP picks up a changed password file; until then the target is redis_up 0', async () => {
    await alphaAdmin.call('CONFIG', 'SET', 'requirepass', secrets.alpha3);
    writeSecret('alpha.pw', secrets.alpha3);
    for (const id of await exporterClients(alphaAdmin)) await alphaAdmin.call('CLIENT', 'KILL', 'ID', id);
    const failed = await scrapeTarget(alpha);
    expect(failed.get('redis_up')).toBe(0);
    expect([...failed.keys()].some((k) => /last_scrape_error\{err="WRONGPASS/.test(k))).toBe(true);
    const reloads = logCount('credentials reloaded');
    exporter.process.signal('SIGHUP');
    await waitFor('SIGHUP reload logged', () => logCount('credentials reloaded') > reloads);
    expect(await up(alpha)).toBe(1);
  });

  it('a bad file on reload keeps the old credentials: /-/reload 400 naming the problem, SIGHUP logs it', async () => {
    writeFileSync(credentialsFile, '{"targets": [ {"match": "x" ');
    const bad = await get('/-/reload', { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/--scrape.credentials-file: .*credentials.json: not valid JSON/);
    expect(
      parseMetrics((await get('/metrics')).body).get('redis_exporter_scrape_credentials_last_reload_successful'),
    ).toBe(0);
    // The old credentials still authenticate a fresh connection.
    for (const id of await exporterClients(alphaAdmin)) await alphaAdmin.call('CLIENT', 'KILL', 'ID', id);
    expect(await up(alpha)).toBe(1);
    expect(await up(charlie, '&auth_module=charlie')).toBe(1);

    // A file naming a password file that is gone: refused too. Meanwhile bravo's password file changes, which must
    // not matter either: the kept set holds the passwords read at the last good load.
    writeSecret('bravo.pw', 'not-the-password');
    writeFileSync(credentialsFile, JSON.stringify({ targets: [{ match: '127.0.0.1', password_file: 'gone.pw' }] }));
    const errors = logCount('credentials reload failed');
    exporter.process.signal('SIGHUP');
    await waitFor('SIGHUP reload failure logged', () => logCount('credentials reload failed') > errors);
    expect(exporter.process.logs()).toMatch(/gone\.pw: ENOENT/);
    const notFound = await get('/-/reload', { method: 'POST' });
    expect(notFound.status).toBe(400);
    expect(notFound.body).toMatch(/password_file: cannot read .*gone\.pw: ENOENT/);
    for (const id of await exporterClients(bravoAdmin)) await bravoAdmin.call('CLIENT', 'KILL', 'ID', id);
    expect(await up(bravo)).toBe(1);

    writeSecret('bravo.pw', secrets.bravo);
    writeCredentials();
    expect((await get('/-/reload', { method: 'POST' })).status).toBe(200);
    expect(
      parseMetrics((await get('/metrics')).body).get('redis_exporter_scrape_credentials_last_reload_successful'),
    ).toBe(1);
  });

  it('a real Prometheus scrapes the fleet through /scrape with the documented relabelling and auth_module', async () => {
    // The shape docs/exporter.md shows: targets are Redis URLs, the exporter is the address, credentials stay in the
    // exporter's file; `params.auth_module` picks a credential set for a whole job.
    const relabel = {
      relabel_configs: [
        { source_labels: ['__address__'], target_label: '__param_target' },
        { source_labels: ['__param_target'], target_label: 'instance' },
        { target_label: '__address__', replacement: exporter.address },
      ],
    };
    const url = (server: RedisServer) => `redis://127.0.0.1:${server.port}`;
    const received = await connectionsReceived(bravoAdmin);
    const prom = await startPrometheus({
      scrapeInterval: '1s',
      scrapeTargets: [
        { job: 'redis-fleet', metricsPath: '/scrape', targets: [url(alpha), url(bravo)], extra: relabel },
        {
          job: 'redis-fleet-charlie',
          metricsPath: '/scrape',
          params: { auth_module: ['charlie'] },
          targets: [url(charlie)],
          extra: relabel,
        },
      ],
    });
    try {
      const samples = await prom.waitForQuery('redis_up == 1', (s) => s.length === 3, { timeoutMs: 60_000 });
      expect(samples.map((s) => s.metric.instance).sort()).toEqual([url(alpha), url(bravo), url(charlie)].sort());
      await prom.waitForQuery(`count_over_time(redis_up{instance="${url(bravo)}"}[5m]) >= 5`, (s) => s.length === 1, {
        timeoutMs: 60_000,
      });
      // Five scrapes or more, at most one new connection (none while the pooled one from the tests above lives).
      expect((await connectionsReceived(bravoAdmin)) - received).toBeLessThanOrEqual(1);
    } finally {
      await prom.stop();
    }
  }, 90_000);

  it('evicts idle pooled connections after --scrape.pool-idle-timeout', async () => {
    const idle = await startRedisLensExporter(
      `${delta.host}:${delta.port}`,
      ['--scrape.allowed-targets=redis://127.0.0.1', '--hotkeys.enabled=false', '--scrape.pool-idle-timeout=3s'],
      {},
    );
    exporters.push(idle);
    const echoAdmin = echo.client();
    admins.push(echoAdmin);
    expect(await up(echo, '', idle)).toBe(1);
    expect(await up(echo, '', idle)).toBe(1);
    expect(await exporterClients(echoAdmin)).toHaveLength(1);
    await waitFor('idle connection closed', async () => (await exporterClients(echoAdmin)).length === 0);
    expect(await up(echo, '', idle)).toBe(1);
  });

  it('the pool stays within --scrape.pool-size: the least recently used idle target is closed', async () => {
    const echoAdmin = echo.client();
    const deltaAdmin = delta.client();
    admins.push(echoAdmin, deltaAdmin);
    const open = (target: string) => ({
      options: { ...redisOptionsFor(target, { tls: { skipVerification: false }, connectTimeoutMs: 5000 }) },
      fingerprint: 'same',
    });
    const pool = new TargetPool({ maxTargets: 1, idleTimeoutMs: 60_000 }, open, pino({ level: 'silent' }));
    const scrapeWith = (server: RedisServer) =>
      pool.use(`redis://127.0.0.1:${server.port}`, undefined, async (scraper) => (await scraper.scrape()).up);
    // The exporters above keep connections on both servers: look only at the ones this pool opens.
    const opened = async (admin: Redis) => {
      const before = new Set(await exporterClients(admin));
      return async () => (await exporterClients(admin)).filter((id) => !before.has(id));
    };
    const [echoOurs, deltaOurs] = [await opened(echoAdmin), await opened(deltaAdmin)];
    try {
      expect(await scrapeWith(echo)).toBe(true);
      expect(await echoOurs()).toHaveLength(1);
      expect(await scrapeWith(delta)).toBe(true);
      expect(pool.size).toBe(1);
      await waitFor('echo connection closed', async () => (await echoOurs()).length === 0);
      expect(await deltaOurs()).toHaveLength(1);
    } finally {
      pool.close();
    }
    await waitFor('delta connection closed', async () => (await deltaOurs()).length === 0);
  });

  it('POST /-/reload sits behind the endpoint basic auth like every other path but /health and /ready', async () => {
    const inProcess = await startTestExporter(
      ['--redis.addr', echo.url(), '--web.basic-auth-user', 'ops', '--scrape.credentials-file', credentialsFile],
      { WEB_BASIC_AUTH_PASSWORD: 'endpoint-pw' },
    );
    try {
      const reload = (headers: Record<string, string> = {}) =>
        getText(`${inProcess.url}/-/reload`, { method: 'POST', headers });
      expect((await reload()).status).toBe(401);
      const auth = `Basic ${Buffer.from('ops:endpoint-pw').toString('base64')}`;
      expect(await reload({ authorization: auth })).toEqual({ status: 200, body: 'reloaded\n' });
      expect(inProcess.reload()).toBeUndefined();
    } finally {
      await inProcess.stop();
    }
  });

  it('a bad credentials file at start exits 2 naming the setting', () => {
    const cli = join(__dirname, '..', 'bin', 'redis-lens-exporter.js');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ targets: [{ match: 'redis://h:1', password: secrets.alpha }] }));
    for (const [args, env, setting] of [
      [['--scrape.credentials-file', bad], {}, '--scrape.credentials-file'],
      [
        [],
        { REDIS_EXPORTER_SCRAPE_CREDENTIALS_FILE: join(dir, 'absent.json') },
        'REDIS_EXPORTER_SCRAPE_CREDENTIALS_FILE',
      ],
    ] as const) {
      const result = spawnSync(process.execPath, [cli, '--web.listen-address=127.0.0.1:0', ...args], {
        env: { PATH: process.env.PATH, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(setting);
      responses.push(result.stdout, result.stderr);
    }
  });

  it('no password appears in any response or log line', () => {
    const outputs = [...responses, ...exporters.map((e) => e.process.logs())];
    expect(outputs.join('\n').length).toBeGreaterThan(1000);
    for (const secret of Object.values(secrets)) {
      for (const output of outputs) expect(output).not.toContain(secret);
    }
  });
});
