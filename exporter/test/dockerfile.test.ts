import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildImage,
  freePort,
  getText,
  releasePort,
  removeDir,
  startRedis,
  tempDir,
  waitFor,
  type BuiltImage,
  type RedisServer,
} from '@redis-lens/testkit';

// Docker cannot run here, so this checks what a build would need: every COPY source exists in the repository,
// the runtime user is not root, and the entrypoint is the package's bin.
const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .split('\n')
  .filter((l) => l.trim() && !l.trim().startsWith('#'))
  .map((l) => l.trim());

describe('exporter/Dockerfile', () => {
  it('copies only files that exist (build context: repository root)', () => {
    const copies = instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='));
    expect(copies.length).toBeGreaterThan(0);
    for (const line of copies) {
      const parts = line.split(/\s+/).slice(1);
      for (const source of parts.slice(0, -1))
        expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
    }
  });

  it('uses Node 20 slim stages, runs as a non-root user, and starts the package bin', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^FROM node:20-bookworm-slim/);
    const users = instructions.filter((l) => l.startsWith('USER '));
    expect(users.at(-1)).toBe('USER node');
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    const entry = instructions.find((l) => l.startsWith('ENTRYPOINT '))!;
    const bin: string = pkg.bin['redis-lens-exporter'];
    expect(JSON.parse(entry.slice('ENTRYPOINT '.length))).toEqual([`/app/${bin}`]);
    // The bin is a committed shim that loads the compiled CLI from the build's outDir.
    const build = JSON.parse(readFileSync(join(__dirname, '..', 'tsconfig.build.json'), 'utf8'));
    const shim = readFileSync(join(__dirname, '..', bin), 'utf8');
    // `env -S` (coreutils ≥ 8.30, in the bookworm image) passes the V8 flag the exporter's memory budget needs.
    expect(shim).toMatch(/^#!\/usr\/bin\/env (-S )?node( --[a-z0-9-]+=\d+)*\n/);
    expect(shim).toContain(`require('../${build.compilerOptions.outDir}/cli.js')`);
    expect(statSync(join(__dirname, '..', bin)).mode & 0o111).not.toBe(0);
    expect(instructions).toContain('EXPOSE 9121');
  });
});

// The image built for real, without Docker: the Dockerfile's steps replayed (same COPY set, same npm commands) into
// a directory, then /app started as the image starts it — its ENTRYPOINT, as the image's non-root user.
describe('exporter/Dockerfile, replayed', () => {
  let outDir: string;
  let image: BuiltImage;
  let redis: RedisServer;

  beforeAll(async () => {
    outDir = tempDir('image-exporter');
    redis = await startRedis();
    image = buildImage('exporter/Dockerfile', outDir);
    console.log(`exporter image /app: ${(image.appBytes / 1e6).toFixed(1)} MB`);
  }, 600_000);
  afterAll(async () => {
    await redis?.stop();
    if (outDir) removeDir(outDir);
  });

  it('builds on the Node major version its FROM names', () => {
    expect(image.from).toMatch(new RegExp(`^node:${process.versions.node.split('.')[0]}-`));
  });

  it('keeps /app small: runtime dependencies only, no plugin, bundler, test or type-checker packages', () => {
    const modules = readdirSync(image.path('/app/node_modules'));
    for (const unwanted of ['webpack', 'jest', 'typescript', 'react', '@grafana', '@swc', 'eslint', 'express-session'])
      expect(modules).not.toContain(unwanted);
    expect(readdirSync(image.path('/app/node_modules/@redis-lens'))).toEqual(['instrument']);
    expect(image.appBytes).toBeLessThan(20e6);
  });

  it('starts as the image would and serves redis_up 1 for a real Redis', async () => {
    const port = await freePort();
    const proc = image.run(
      'image-redis-lens-exporter',
      [],
      { REDIS_ADDR: redis.url(), REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}` },
      join(outDir, 'exporter.log'),
    );
    try {
      const body = await waitFor(
        'the image to serve redis_up 1',
        async () => {
          const { body: text } = await getText(`http://127.0.0.1:${port}/metrics`).catch(() => ({ body: '' }));
          return text.includes('redis_up 1') ? text : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(body).toMatch(/^redis_connected_clients \d+/m);
      if (process.getuid?.() === 0) expect(statSync(`/proc/${proc.pid}`).uid).toBe(1000);
    } finally {
      await proc.stop();
      releasePort(port);
    }
  });
});
