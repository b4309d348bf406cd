import {
  buildImage,
  freePort,
  getText,
  releasePort,
  runContainer,
  startRedis,
  waitFor,
  type BuiltImage,
  type RedisServer,
} from '@redis-lens/testkit';

// demo/Dockerfile, unchanged, built by podman and run against a real Redis. Its FROM (node:20-bookworm-slim) cannot
// be pulled here, so set-up assembles a STAND-IN under that name (scripts/build-base-image.sh: debootstrap minbase
// bookworm + this machine's Node 20 and npm, user node 1000:1000; versions.json `baseImage`).
const PASSWORD = 'demo-image-pw-5b17';

describe('the demo image (podman build of demo/Dockerfile)', () => {
  let image: BuiltImage;
  let redis: RedisServer;

  beforeAll(async () => {
    [image, redis] = await Promise.all([buildImage('demo'), startRedis({ password: PASSWORD })]);
    console.log(`demo image ${image.ref}: ${(image.sizeBytes / 1e6).toFixed(0)} MB, built in ${image.buildMs} ms`);
  }, 1_500_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('serves the demo against a real Redis as uid 1000 and reports its commands on the metrics port', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const container = await runContainer({
      image: image.id,
      readOnly: true,
      env: { REDIS_PASSWORD: PASSWORD },
      args: [
        ...['--redis-url', redis.url(), '--port', String(port), '--metrics-port', String(metricsPort)],
        // No built-in load: a finished load run ends the process, and on an idle machine 300 requests finished
        // before `podman exec` ran (CI saw an empty `id -u`). The test sends the requests itself instead.
        '--no-load',
      ],
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(
        'the demo to listen',
        async () => {
          if (!(await container.inspect()).State.Running) throw new Error(`exited:\n${await container.logs()}`);
          return (await getText(`${base}/healthz`).catch(() => ({ status: 0 }))).status === 200 || undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      // A login and a profile read: the session cache's Redis commands, as the demo's load generator sends them.
      const login = await fetch(`${base}/login?user=image-test`, { method: 'POST' });
      await login.arrayBuffer();
      const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      expect(login.ok && cookie).toBeTruthy();
      const profile = await fetch(`${base}/profile`, { headers: { cookie } });
      await profile.arrayBuffer();
      expect(profile.status).toBe(200);
      // Those commands show up in the library's client histogram, scraped from the container.
      const body = await waitFor(
        'the demo to report Redis commands on its metrics port',
        async () => {
          const { body: text } = await getText(`http://127.0.0.1:${metricsPort}/metrics`).catch(() => ({ body: '' }));
          return /^db_client_operation_duration_seconds_count\{[^}]*\} [1-9]/m.test(text) ? text : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      expect(body).toContain('db_system_name="redis"');
      expect((await container.exec(['id', '-u'])).stdout.trim()).toBe('1000');
      expect(await container.logs()).not.toContain(PASSWORD);
    } finally {
      await container.stop();
      releasePort(port);
      releasePort(metricsPort);
    }
  });
});
