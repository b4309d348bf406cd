import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  freePort,
  releasePort,
  spawnManaged,
  startRedis,
  tempDir,
  removeDir,
  waitFor,
  getText,
} from '@redis-lens/testkit';

const CLI = join(__dirname, '..', 'src', 'cli.ts');
const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['-r', '@swc-node/register', CLI, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('redis-lens-exporter CLI', () => {
  it.each([
    [['--hotkeys.top-n', 'many'], {}, '--hotkeys.top-n'],
    [['--redis.password', 'hunter2'], {}, '--redis.password'],
    [[], { REDIS_ADDR: 'http://example.com' }, 'REDIS_ADDR'],
    [
      ['--web.tls-cert-file', '/etc/hosts', '--web.tls-key-file', '/etc/hosts', '--web.tls-min-version', 'SSL3'],
      {},
      '--web.tls-min-version',
    ],
    [
      [],
      {
        WEB_TLS_CERT_FILE: '/etc/hosts',
        WEB_TLS_KEY_FILE: '/etc/hosts',
        WEB_TLS_CLIENT_CA_CERT_FILE: '/nonexistent/ca.crt',
      },
      'WEB_TLS_CLIENT_CA_CERT_FILE',
    ],
    [['--sentinel.tls'], {}, '--sentinel.tls'],
  ])('exits 2 naming the setting for %j %j', (args, env, setting) => {
    const result = runCli(args, env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(setting);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('serves metrics and stops cleanly on SIGTERM; the password stays out of logs', async () => {
    const redis = await startRedis({ password: 'cli-secret-pw' });
    const port = await freePort();
    const dir = tempDir('exporter-cli');
    const proc = spawnManaged(
      'redis-lens-exporter',
      process.execPath,
      ['-r', '@swc-node/register', CLI, '--redis.addr', redis.url(), '--web.listen-address', `127.0.0.1:${port}`],
      {
        cwd: join(__dirname, '..', '..'),
        logFile: join(dir, 'exporter.log'),
        env: { PATH: process.env.PATH, REDIS_PASSWORD: 'cli-secret-pw' },
      },
    );
    try {
      const body = await waitFor(
        'exporter to serve redis_up 1',
        async () => {
          const r = await getText(`http://127.0.0.1:${port}/metrics`);
          return r.body.includes('\nredis_up 1') ? r.body : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(body).not.toContain('cli-secret-pw');
      proc.signal('SIGTERM');
      expect(await proc.exited).toBe(0);
      const logs = proc.logs();
      expect(logs).toContain('redis-lens exporter listening');
      expect(logs).not.toContain('cli-secret-pw');
    } finally {
      await proc.stop();
      releasePort(port);
      await redis.stop();
      removeDir(dir);
    }
  });
});
