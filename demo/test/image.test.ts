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

  it('runs its workload against a real Redis as uid 1000 and serves its metrics port', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const container = await runContainer({
      image: image.id,
      readOnly: true,
      env: { REDIS_PASSWORD: PASSWORD },
      args: [
        ...['--redis-url', redis.url(), '--port', String(port), '--metrics-port', String(metricsPort)],
        ...['--duration', '30', '--requests', '300', '--users', '20', '--concurrency', '2'],
      ],
    });
    try {
      // The workload's commands show up in the library's client histogram, scraped from the container.
      const body = await waitFor(
        'the demo to report Redis commands on its metrics port',
        async () => {
          if (!(await container.inspect()).State.Running) throw new Error(`exited:\n${await container.logs()}`);
          const { body: text } = await getText(`http://127.0.0.1:${metricsPort}/metrics`).catch(() => ({ body: '' }));
          return /^db_client_operation_duration_seconds_count\{[^}]*\} [1-9]/m.test(text) ? text : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      expect(body).toContain('db_system_name="redis"');
      expect((await getText(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await container.exec(['id', '-u'])).stdout.trim()).toBe('1000');
      expect(await container.logs()).not.toContain(PASSWORD);
    } finally {
      await container.stop();
      releasePort(port);
      releasePort(metricsPort);
    }
  });
});
