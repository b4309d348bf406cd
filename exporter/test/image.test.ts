import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  BUILD_CA_PATH,
  BUILD_NPMRC_PATH,
  baseImageRef,
  buildImage,
  freePort,
  getText,
  inspect,
  podman,
  releasePort,
  runContainer,
  startPrometheus,
  startRedis,
  waitFor,
  type BuiltImage,
  type Container,
  type PrometheusServer,
  type RedisServer,
} from '@redis-lens/testkit';

// exporter/Dockerfile, unchanged, built by a real builder (podman build) and run by podman against a real Redis and
// scraped by the real Prometheus. Its FROM (node:20-bookworm-slim) cannot be pulled here — no registry is reachable —
// so set-up assembles a STAND-IN under that name (scripts/build-base-image.sh: debootstrap minbase bookworm + this
// machine's Node 20 and npm, user node 1000:1000; versions.json `baseImage`). With Docker and the official base
// the same Dockerfile builds the same /app.
const PASSWORD = 'image-test-pw-7f3a9c';

/** Every regular file under `dir` (no symlinks followed). */
function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('the exporter image (podman build of exporter/Dockerfile)', () => {
  let image: BuiltImage;
  let redis: RedisServer;

  beforeAll(async () => {
    // A first build on a shared machine takes minutes (npm install in the build stage); a rebuild reuses layers.
    [image, redis] = await Promise.all([buildImage('exporter'), startRedis({ password: PASSWORD })]);
    console.log(`exporter image ${image.ref}: ${(image.sizeBytes / 1e6).toFixed(0)} MB, built in ${image.buildMs} ms`);
  }, 1_500_000);
  afterAll(async () => {
    await redis?.stop();
  });

  const start = async (opts: { env?: Record<string, string>; secretFiles?: Record<string, string> } = {}) => {
    const port = await freePort();
    const container = await runContainer({
      image: image.id,
      readOnly: true,
      env: { REDIS_ADDR: redis.url(), REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`, ...opts.env },
      secretFiles: opts.secretFiles,
    });
    return { port, container };
  };
  const metrics = async (port: number) =>
    waitFor(
      'the container to serve redis_up 1',
      async () => {
        const { body } = await getText(`http://127.0.0.1:${port}/metrics`).catch(() => ({ body: '' }));
        return body.includes('redis_up 1') ? body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  const neverShowsPassword = async (container: Container) => {
    const info = await container.inspect();
    const commandLine = JSON.stringify([info.Path, info.Args, info.Config.Cmd, info.Config.Entrypoint]);
    expect(commandLine).not.toContain(PASSWORD);
    expect(await container.logs()).not.toContain(PASSWORD);
  };

  it('is built FROM the base versions.json names, on the Node major the FROM tag says', async () => {
    const base = await inspect(baseImageRef(), 'image');
    const layers = (i: unknown) => (i as { RootFS: { Layers: string[] } }).RootFS.Layers;
    // The final stage starts from the base: its layers are the image's first layers.
    expect(layers(await inspect(image.id, 'image')).slice(0, layers(base).length)).toEqual(layers(base));
    const node = await podman(['run', '--rm', '--network=host', '--entrypoint', 'node', image.id, '--version']);
    expect(node.stdout.trim()).toMatch(/^v20\./);
  });

  it('holds no build-time npm trust: neither the CA nor the npmrc naming it', async () => {
    const ca = readFileSync(
      process.env.NODE_EXTRA_CA_CERTS && existsSync(process.env.NODE_EXTRA_CA_CERTS)
        ? process.env.NODE_EXTRA_CA_CERTS
        : '/etc/ssl/certs/ca-certificates.crt',
    );
    const mount = (await podman(['image', 'mount', image.id])).stdout.trim();
    try {
      expect(existsSync(join(mount, BUILD_CA_PATH))).toBe(false);
      expect(existsSync(join(mount, BUILD_NPMRC_PATH))).toBe(false);
      const caHash = sha256(ca);
      const leaks: string[] = [];
      for (const file of files(mount)) {
        const size = lstatSync(file).size;
        if (size === ca.length && sha256(readFileSync(file)) === caHash) leaks.push(file);
        if (/npmrc$/.test(file) && readFileSync(file, 'utf8').includes('cafile')) leaks.push(file);
      }
      expect(leaks).toEqual([]);
      // /app holds only the runtime: no plugin, bundler, test or type-checker packages.
      const modules = readdirSync(join(mount, 'app/node_modules'));
      for (const unwanted of ['webpack', 'jest', 'typescript', 'react', '@grafana', '@swc', 'eslint'])
        expect(modules).not.toContain(unwanted);
      expect(readdirSync(join(mount, 'app/node_modules/@redis-lens'))).toEqual(['instrument']);
    } finally {
      await podman(['image', 'unmount', image.id], { check: false });
    }
    const history = await podman(['history', '--no-trunc', '--format', '{{.CreatedBy}}', image.id]);
    expect(history.stdout).not.toMatch(/build-ca|npmrc/);
  });

  it('serves a real Redis to the real Prometheus as uid 1000 on a read-only root, password from env', async () => {
    const { port, container } = await start({ env: { REDIS_PASSWORD: PASSWORD } });
    let prom: PrometheusServer | undefined;
    try {
      await metrics(port);
      prom = await startPrometheus({ scrapeTargets: [`127.0.0.1:${port}`], scrapeInterval: '1s' });
      const up = await prom.waitForQuery('redis_up', (s) => s.length > 0 && s[0].value[1] === '1', {
        timeoutMs: 60_000,
      });
      expect(up[0].metric.job).toBe('test');
      const status = readFileSync(`/proc/${container.hostPid}/status`, 'utf8');
      expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe('1000');
      const info = await container.inspect();
      expect(info.HostConfig.ReadonlyRootfs).toBe(true);
      expect((await container.exec(['sh', '-c', 'touch /app/x'])).code).not.toBe(0);
      await neverShowsPassword(container);
    } finally {
      await prom?.stop();
      await container.stop();
      releasePort(port);
    }
  });

  // The HEALTHCHECK fetches 127.0.0.1:9121/health, the default port: so this container gets its own network namespace
  // (`--network=none`, only its loopback) and the default listen address. /health is liveness: no Redis needed.
  it('passes its own HEALTHCHECK (podman healthcheck run)', async () => {
    const container = await runContainer({
      image: image.id,
      readOnly: true,
      network: 'none',
      env: { REDIS_ADDR: 'redis://127.0.0.1:1' },
    });
    try {
      const info = await container.inspect();
      const check = (info.Config as { Healthcheck?: { Test: string[] } }).Healthcheck?.Test ?? [];
      expect(check.slice(0, 2)).toEqual(['CMD', 'node']);
      // Docker marks a container unhealthy only after 3 failed checks in a row: one pass within a few tries counts.
      // Under very heavy load node's start alone can pass the image's 3 s timeout (`podman exec … node -e
      // 'process.exit(0)'` took 8 s at load 72): then only that timeout may fail it, and the command must pass untimed.
      let last = '';
      const healthy = await waitFor(
        'the image HEALTHCHECK to pass',
        async () => (last = await container.healthcheck()) === 'healthy',
        { timeoutMs: 30_000, intervalMs: 1_000 },
      ).catch(() => false);
      if (!healthy) {
        expect(last).toMatch(/exceeded timeout of 3s/);
        expect((await container.exec(check.slice(1))).code).toBe(0);
        console.warn(`healthcheck run: ${last} (load ${loadavg()[0].toFixed(0)}); the same command passes untimed`);
      }
    } finally {
      await container.stop();
    }
  });

  it('takes the password from a mounted file, and stops cleanly on SIGTERM within seconds', async () => {
    const { port, container } = await start({
      env: { REDIS_PASSWORD_FILE: '/run/secrets/redis-password' },
      secretFiles: { '/run/secrets/redis-password': `${PASSWORD}\n` },
    });
    try {
      await metrics(port);
      await neverShowsPassword(container);
      // Nothing of the secret reaches the container's configuration: it is only a mounted file.
      expect(JSON.stringify(await container.inspect())).not.toContain(PASSWORD);
      const { exitCode, stopMs } = await container.stop(10);
      console.log(`podman stop (SIGTERM) → container gone: ${stopMs} ms, exit ${exitCode}`);
      // Exit 0 is the exporter's own clean stop (a SIGKILL after the 10 s grace would be 137). The bound leaves
      // margin over the ~1 s an idle machine takes, and stays well under the grace.
      expect(exitCode).toBe(0);
      expect(stopMs).toBeLessThan(8_000);
    } finally {
      await container.stop();
      releasePort(port);
    }
  });
});
