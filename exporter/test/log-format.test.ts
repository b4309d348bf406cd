import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, releasePort, startRedis, waitFor, type RedisServer } from '@redis-lens/testkit';

// The exporter's bin as an operator starts it: once on a real terminal (a pty from util-linux `script`, as
// `npm start` in a shell has) and once with stdout piped (as in a container or under systemd).
const BIN = join(__dirname, '..', 'bin', 'redis-lens-exporter.js');
const PASSWORD = 'log-format-secret-7f3a9c';

async function runUntilListening(redis: RedisServer, tty: boolean, extra: string[] = []): Promise<string> {
  const port = await freePort();
  const args = [BIN, `--redis.addr=${redis.url()}`, `--web.listen-address=127.0.0.1:${port}`, ...extra];
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const child = tty
    ? spawn('script', ['-qfec', `${process.execPath} ${quoted}`, '/dev/null'], {
        env: { ...process.env, REDIS_PASSWORD: PASSWORD },
      })
    : spawn(process.execPath, args, { env: { ...process.env, REDIS_PASSWORD: PASSWORD } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitFor('the exporter to log that it listens', () => output.includes('redis-lens exporter listening'), {
      timeoutMs: 30_000,
    });
    await fetch(`http://127.0.0.1:${port}/metrics`);
    return output;
  } finally {
    // `script` forwards the hang-up to the exporter; the plain child gets SIGTERM directly.
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    releasePort(port);
  }
}

describe('exporter log format', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('writes readable one-line logs on a terminal, with no secret', async () => {
    const output = await runUntilListening(redis, true);
    expect(output).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}redis-lens-exporter: redis-lens exporter listening url=/m);
    expect(output).not.toMatch(/^\{"level"/m);
    expect(output).not.toContain(PASSWORD);
  });

  it('writes JSON lines when stdout is not a terminal, and --log-format txt overrides it', async () => {
    const json = await runUntilListening(redis, false);
    const line = json.split('\n').find((l) => l.includes('redis-lens exporter listening'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 30, name: 'redis-lens-exporter' });
    expect(json).not.toContain(PASSWORD);
    const txt = await runUntilListening(redis, false, ['--log-format=txt']);
    expect(txt).toMatch(/INFO {2}redis-lens-exporter: redis-lens exporter listening/);
  });
});
