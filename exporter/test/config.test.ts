import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseDuration, parseListenAddress } from '../src/config';
import { primaryTarget, primaryTargetOptions } from '../src/service';
import { generateCertificates } from '@redis-lens/testkit';

const expectError = (fn: () => unknown, setting: string) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(setting);
    expect((error as Error).message).toContain(setting);
    return;
  }
  throw new Error(`expected a ConfigError naming ${setting}`);
};

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-lens-config-'));
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, 's3cret\n', { mode: 0o600 });

  it('defaults like redis_exporter', () => {
    const c = loadConfig([], {});
    expect(c.redisAddr).toBe('redis://localhost:6379');
    expect(c.listen).toEqual({ host: undefined, port: 9121 });
    expect(c.telemetryPath).toBe('/metrics');
    expect(c.hotkeys).toEqual({
      enabled: true,
      topN: 20,
      intervalMs: 10_000,
      scanCount: 100,
      maxCycleMs: 200,
      rateWindowMs: 300_000,
    });
    expect(c.allowedTargets).toEqual([]);
  });

  it('reads flags (--a b, --a=b, Go-style -a b) and env, flags winning', () => {
    const c = loadConfig(
      ['-redis.addr', 'redis://10.0.0.1:6380', '--web.listen-address=127.0.0.1:9999', '--hotkeys.interval', '2s'],
      { REDIS_ADDR: 'redis://ignored:1', REDIS_USER: 'app', REDIS_PASSWORD: 'pw', HOTKEYS_TOP_N: '5' },
    );
    expect(c.redisAddr).toBe('redis://10.0.0.1:6380');
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(c.redisUser).toBe('app');
    expect(c.redisPassword).toBe('pw');
    expect(c.hotkeys.topN).toBe(5);
    expect(c.hotkeys.intervalMs).toBe(2000);
  });

  it('reads passwords from files (trailing newline dropped), never from argv', () => {
    expect(loadConfig(['--redis.password-file', pwFile], {}).redisPassword).toBe('s3cret');
    expectError(() => loadConfig(['--redis.password', 'x'], {}), '--redis.password');
    expectError(() => loadConfig(['--redis.addr', 'redis://u:pw@host:6379'], {}), '--redis.addr');
    expectError(() => loadConfig(['--redis.password-file', join(dir, 'missing')], {}), '--redis.password-file');
  });

  it('accepts unix sockets and rediss', () => {
    expect(loadConfig(['--redis.addr', '/run/redis.sock'], {}).redisAddr).toBe('/run/redis.sock');
    expect(loadConfig(['--redis.addr', 'unix:///run/redis.sock'], {}).redisAddr).toBe('unix:///run/redis.sock');
    expect(loadConfig(['--redis.addr', 'rediss://cache:6380'], {}).redisAddr).toBe('rediss://cache:6380');
    expect(loadConfig(['--redis.addr', 'cache:6380'], {}).redisAddr).toBe('redis://cache:6380');
  });

  it('sentinel mode needs both addrs and master name; no redis addr then', () => {
    const c = loadConfig(['--sentinel.addrs', '127.0.0.1:26379,[::1]:26380', '--sentinel.master-name', 'mymaster'], {
      SENTINEL_PASSWORD: 'sp',
    });
    expect(c.redisAddr).toBeUndefined();
    expect(c.sentinelAddrs).toEqual([
      { host: '127.0.0.1', port: 26379 },
      { host: '::1', port: 26380 },
    ]);
    expect(c.sentinelPassword).toBe('sp');
    expectError(() => loadConfig(['--sentinel.addrs', '127.0.0.1:26379'], {}), '--sentinel.master-name');
    expectError(() => loadConfig(['--sentinel.addrs', 'nope'], {}), '--sentinel.addrs');
  });

  it('TLS towards Sentinels follows --redis.addr, or in Sentinel-only mode any TLS client flag; --sentinel.tls wins', () => {
    const sentinels = ['--sentinel.addrs', '127.0.0.1:26379', '--sentinel.master-name', 'mymaster'];
    const sentinelTls = (argv: string[], env: NodeJS.ProcessEnv = {}) => loadConfig(argv, env).sentinelTls;
    expect(sentinelTls([])).toBe(false);
    expect(sentinelTls(sentinels)).toBe(false);
    expect(sentinelTls([...sentinels, '--tls-ca-cert-file', pwFile])).toBe(true);
    expect(sentinelTls([...sentinels, '--skip-tls-verification'])).toBe(true);
    expect(sentinelTls([...sentinels, '--tls-server-name', 'sentinel.internal'])).toBe(true);
    expect(sentinelTls([...sentinels], { REDIS_EXPORTER_TLS_CA_CERT_FILE: pwFile })).toBe(true);
    expect(sentinelTls([...sentinels, '--redis.addr', 'rediss://cache:6380'])).toBe(true);
    // The TLS flags are for the rediss:// node here; the Sentinels stay plain unless told otherwise.
    expect(sentinelTls([...sentinels, '--redis.addr', 'redis://cache:6379', '--tls-ca-cert-file', pwFile])).toBe(false);
    expect(sentinelTls([...sentinels, '--redis.addr', 'redis://cache:6379', '--sentinel.tls'])).toBe(true);
    expect(sentinelTls([...sentinels, '--redis.addr', 'rediss://cache:6380', '--sentinel.tls=false'])).toBe(false);
    expect(sentinelTls([...sentinels, '--tls-ca-cert-file', pwFile], { SENTINEL_TLS: 'false' })).toBe(false);
    expect(sentinelTls(sentinels, { SENTINEL_TLS: 'true' })).toBe(true);
    expectError(() => loadConfig(['--sentinel.tls'], {}), '--sentinel.tls');
    expectError(() => loadConfig([], { SENTINEL_TLS: 'yes' }), 'SENTINEL_TLS');
    expectError(() => loadConfig([...sentinels, '--sentinel.tls=maybe'], {}), '--sentinel.tls');
    expectError(() => loadConfig(sentinels, { SENTINEL_TLS: 'maybe' }), 'SENTINEL_TLS');
  });

  it('in Sentinel-only mode /metrics polls the first Sentinel with the Sentinel password and Sentinel TLS', () => {
    const sentinels = ['--sentinel.addrs', '127.0.0.1:26379,127.0.0.1:26380', '--sentinel.master-name', 'mymaster'];
    const env = { REDIS_USER: 'app', REDIS_PASSWORD: 'data-pw', SENTINEL_PASSWORD: 'sentinel-pw' };
    const tlsOnly = loadConfig([...sentinels, '--tls-ca-cert-file', pwFile], env);
    expect(primaryTarget(tlsOnly)).toBe('rediss://127.0.0.1:26379');
    const options = primaryTargetOptions(tlsOnly, primaryTarget(tlsOnly)!);
    expect(options).toMatchObject({ host: '127.0.0.1', port: 26379, password: 'sentinel-pw' });
    expect(options.username).toBeUndefined();
    expect(options.tls).toMatchObject({ rejectUnauthorized: true });
    expect(primaryTarget(loadConfig(sentinels, env))).toBe('redis://127.0.0.1:26379');
    // With --redis.addr, /metrics scrapes that node with the data credentials.
    const withAddr = loadConfig([...sentinels, '--redis.addr', 'redis://cache:6379'], env);
    expect(primaryTargetOptions(withAddr, primaryTarget(withAddr)!)).toMatchObject({
      host: 'cache',
      username: 'app',
      password: 'data-pw',
    });
  });

  it('web TLS: client CA (mTLS) and minimum version, from flags or env, only with a certificate and key', () => {
    const certs = generateCertificates(dir);
    const web = ['--web.tls-cert-file', certs.serverCert, '--web.tls-key-file', certs.serverKey];
    expect(loadConfig(web, {}).webTls).toEqual({
      certFile: certs.serverCert,
      keyFile: certs.serverKey,
      clientCaFile: undefined,
      minVersion: 'TLSv1.2',
    });
    expect(
      loadConfig([...web, '--web.tls-client-ca-cert-file', certs.caCert, '--web.tls-min-version=TLS1.3'], {}).webTls,
    ).toMatchObject({ clientCaFile: certs.caCert, minVersion: 'TLSv1.3' });
    expect(
      loadConfig([], {
        WEB_TLS_CERT_FILE: certs.serverCert,
        WEB_TLS_KEY_FILE: certs.serverKey,
        WEB_TLS_CLIENT_CA_CERT_FILE: certs.caCert,
        WEB_TLS_MIN_VERSION: 'TLS1.0',
      }).webTls,
    ).toMatchObject({ clientCaFile: certs.caCert, minVersion: 'TLSv1' });
    for (const bad of ['TLS1.4', 'tls1.2', 'TLSv1.2', '1.2', 'constructor', '__proto__']) {
      expectError(() => loadConfig([...web, '--web.tls-min-version', bad], {}), '--web.tls-min-version');
    }
    expectError(() => loadConfig(web, { WEB_TLS_MIN_VERSION: 'SSL3' }), 'WEB_TLS_MIN_VERSION');
    expectError(
      () => loadConfig([...web, '--web.tls-client-ca-cert-file', join(dir, 'missing.crt')], {}),
      '--web.tls-client-ca-cert-file',
    );
    expectError(
      () => loadConfig([...web, '--web.tls-client-ca-cert-file', pwFile], {}),
      '--web.tls-client-ca-cert-file',
    );
    expectError(() => loadConfig(web, { WEB_TLS_CLIENT_CA_CERT_FILE: pwFile }), 'WEB_TLS_CLIENT_CA_CERT_FILE');
    // Without HTTPS these would silently protect nothing.
    expectError(() => loadConfig(['--web.tls-client-ca-cert-file', certs.caCert], {}), '--web.tls-client-ca-cert-file');
    expectError(() => loadConfig([], { WEB_TLS_MIN_VERSION: 'TLS1.3' }), 'WEB_TLS_MIN_VERSION');
  });

  it("accepts redis_exporter's --tls-server-* names for the endpoint's TLS; our name and theirs must agree", () => {
    const certs = generateCertificates(dir);
    const theirs = [
      ...['--tls-server-cert-file', certs.serverCert, '--tls-server-key-file', certs.serverKey],
      ...['--tls-server-ca-cert-file', certs.caCert, '--tls-server-min-version', 'TLS1.3'],
    ];
    const expected = { certFile: certs.serverCert, keyFile: certs.serverKey, clientCaFile: certs.caCert };
    expect(loadConfig(theirs, {}).webTls).toEqual({ ...expected, minVersion: 'TLSv1.3' });
    expect(
      loadConfig([], {
        REDIS_EXPORTER_TLS_SERVER_CERT_FILE: certs.serverCert,
        REDIS_EXPORTER_TLS_SERVER_KEY_FILE: certs.serverKey,
        REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE: certs.caCert,
      }).webTls,
    ).toEqual({ ...expected, minVersion: 'TLSv1.2' });
    // Given twice the same: fine. A flag beats an env var whichever name each uses.
    expect(loadConfig([...theirs, '--web.tls-min-version', 'TLS1.3'], {}).webTls?.minVersion).toBe('TLSv1.3');
    expect(
      loadConfig(theirs, { WEB_TLS_MIN_VERSION: 'TLS1.2', REDIS_EXPORTER_TLS_SERVER_MIN_VERSION: 'TLS1.2' }).webTls
        ?.minVersion,
    ).toBe('TLSv1.3');
    expectError(() => loadConfig([...theirs, '--web.tls-min-version', 'TLS1.2'], {}), '--tls-server-min-version');
    expectError(
      () =>
        loadConfig(theirs.slice(0, 4), {
          WEB_TLS_CLIENT_CA_CERT_FILE: certs.caCert,
          REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE: certs.serverCert,
        }),
      'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE',
    );
    expectError(() => loadConfig(['--tls-server-cert-file', certs.serverCert], {}), '--tls-server-cert-file');
    expectError(
      () => loadConfig([], { REDIS_EXPORTER_TLS_SERVER_MIN_VERSION: 'TLS1.3' }),
      'REDIS_EXPORTER_TLS_SERVER_MIN_VERSION',
    );
    expectError(
      () =>
        loadConfig(
          [
            '--tls-server-cert-file',
            certs.serverCert,
            '--tls-server-key-file',
            certs.serverKey,
            '--tls-server-min-version',
            'TLS9',
          ],
          {},
        ),
      '--tls-server-min-version',
    );
  });

  it.each([
    [['--web.listen-address', '9121'], '--web.listen-address'],
    [['--web.listen-address', ':99999'], '--web.listen-address'],
    [['--hotkeys.top-n', '0'], '--hotkeys.top-n'],
    [['--hotkeys.interval', 'soon'], '--hotkeys.interval'],
    [['--hotkeys.rate-window', '500ms'], '--hotkeys.rate-window'],
    [['--hotkeys.enabled', 'maybe'], '--hotkeys.enabled'],
    [['--redis.addr', 'http://x'], '--redis.addr'],
    [['--scrape.allowed-targets', 'http://x'], '--scrape.allowed-targets'],
    [['--web.telemetry-path', 'metrics'], '--web.telemetry-path'],
    [['--tls-client-cert-file', '/etc/hosts'], '--tls-client-cert-file'],
    [['--web.tls-cert-file', '/etc/hosts'], '--web.tls-cert-file'],
    [['--web.basic-auth-user', 'admin'], 'WEB_BASIC_AUTH_PASSWORD'],
    [['--no-such-flag', '1'], '--no-such-flag'],
    [['--redis.addr'], '--redis.addr'],
  ])('rejects %j naming %s', (argv, setting) => {
    expectError(() => loadConfig(argv, {}), setting);
  });

  it('names the env var when the bad value came from env', () => {
    expectError(() => loadConfig([], { HOTKEYS_TOP_N: 'x' }), 'HOTKEYS_TOP_N');
    expectError(() => loadConfig([], { REDIS_ADDR: 'ftp://x' }), 'REDIS_ADDR');
  });

  it('takes redaction from env plus --key.raw-prefixes', () => {
    const c = loadConfig(['--key.raw-prefixes', 'cache:,feature:'], { REDIS_LENS_KEY_HASH_SECRET: 'k' });
    expect(c.redaction.rawPrefixes).toEqual(['cache:', 'feature:']);
    expect(c.redaction.hashSecret).toBe('k');
    expect(c.redaction.allowRawKeys).toBe(false);
  });

  it('takes declared patterns (several values, repeated flag or env) and learner settings', () => {
    const c = loadConfig(
      [
        '--redaction.patterns',
        'session:{id}',
        'user:{email}:cart',
        '--redaction.patterns=cart:{id}',
        '--redaction.min-keys',
        '4',
      ],
      { REDIS_LENS_REDACTION_WINDOW: '2m' },
    );
    expect(c.redaction.patterns).toEqual(['session:{id}', 'user:{email}:cart', 'cart:{id}']);
    expect(c.redaction.engine.learner.options).toMatchObject({ minKeys: 4, windowMs: 120_000 });
    expect(loadConfig([], { REDIS_LENS_KEY_PATTERNS: 'a:{id} b:{id}' }).redaction.patterns).toEqual([
      'a:{id}',
      'b:{id}',
    ]);
    expectError(() => loadConfig(['--redaction.patterns', 'a:{b'], {}), '--redaction.patterns');
    expectError(() => loadConfig([], { REDIS_LENS_KEY_PATTERNS: 'x:{' }), 'REDIS_LENS_KEY_PATTERNS');
    expectError(() => loadConfig(['--redaction.min-keys', '0'], {}), '--redaction.min-keys');
    expectError(() => loadConfig(['--redaction.window', 'soon'], {}), '--redaction.window');
  });

  it('parses durations and listen addresses', () => {
    expect(parseDuration('x', '200ms')).toBe(200);
    expect(parseDuration('x', '1.5s')).toBe(1500);
    expect(parseDuration('x', '1m')).toBe(60_000);
    expect(parseListenAddress('x', '[::1]:9121')).toEqual({ host: '::1', port: 9121 });
  });
});

describe('cluster mode settings', () => {
  it('reads --is-cluster and --cluster.refresh-interval from flags or env (redis_exporter names)', () => {
    expect(loadConfig([])).toMatchObject({ isCluster: false, clusterRefreshMs: 10_000 });
    expect(loadConfig(['--is-cluster', '--cluster.refresh-interval', '2s'])).toMatchObject({
      isCluster: true,
      clusterRefreshMs: 2_000,
    });
    expect(
      loadConfig([], { REDIS_EXPORTER_IS_CLUSTER: 'true', REDIS_LENS_CLUSTER_REFRESH_INTERVAL: '500ms' }),
    ).toMatchObject({ isCluster: true, clusterRefreshMs: 500 });
  });

  it('reads --cluster-discover-hostnames (redis_exporter flag and env, default off)', () => {
    expect(loadConfig(['--is-cluster'])).toMatchObject({ clusterDiscoverHostnames: false });
    expect(loadConfig(['--is-cluster', '--cluster-discover-hostnames'])).toMatchObject({
      clusterDiscoverHostnames: true,
    });
    expect(loadConfig([], { REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES: 'true' })).toMatchObject({
      clusterDiscoverHostnames: true,
    });
    expectError(() => loadConfig(['--cluster-discover-hostnames=maybe']), '--cluster-discover-hostnames');
  });

  it('names the setting when cluster mode is misconfigured', () => {
    expectError(() => loadConfig(['--is-cluster=maybe']), '--is-cluster');
    expectError(() => loadConfig([], { REDIS_EXPORTER_IS_CLUSTER: 'x' }), 'REDIS_EXPORTER_IS_CLUSTER');
    expectError(() => loadConfig(['--cluster.refresh-interval', 'soon']), '--cluster.refresh-interval');
    expectError(
      () => loadConfig(['--is-cluster', '--sentinel.addrs', '127.0.0.1:26379', '--sentinel.master-name', 'm']),
      '--is-cluster',
    );
    expectError(() => loadConfig(['--is-cluster', '--redis.addr', '/tmp/redis.sock']), '--redis.addr');
  });
});
