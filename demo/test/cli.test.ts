import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, parseDemoConfig } from '../src/config';

const CLI = join(__dirname, '..', 'src', 'cli.ts');

describe('redis-lens-demo configuration', () => {
  it('parses flags over environment defaults', () => {
    const config = parseDemoConfig(['--port', '0', '--duration', '5', '--requests', '10', '--no-load'], {
      REDIS_URL: 'redis://127.0.0.1:7000',
      REDIS_PASSWORD: 'from-env',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });
    expect(config).toMatchObject({
      redisUrl: 'redis://127.0.0.1:7000',
      redisPassword: 'from-env',
      otlpEndpoint: 'http://127.0.0.1:4318',
      port: 0,
      durationSeconds: 5,
      requests: 10,
      load: false,
    });
  });

  it.each([
    [['--port', '70000'], '--port'],
    [['--duration', 'soon'], '--duration'],
    [['--redis-url', 'redis://user:pw@127.0.0.1:6379'], '--redis-url'],
    [['--redis-password-file', '/nonexistent/pw'], '--redis-password-file'],
    [['--bogus'], '--bogus'],
    [['--users'], '--users'],
  ])('rejects %j naming %s', (argv, setting) => {
    expect(() => parseDemoConfig(argv, {})).toThrow(ConfigError);
    expect(() => parseDemoConfig(argv, {})).toThrow(setting);
  });

  it('exits 2 with the setting named on stderr', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', CLI, '--concurrency', '0'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid --concurrency');
  });
});
