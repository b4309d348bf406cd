import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, packWorkspace, removeDir, startRedis, tempDir, type RedisServer } from '@redis-lens/testkit';

// The library as an application gets it: `npm pack`, then installed into a fresh project (outside the workspace)
// that has only ioredis and the OpenTelemetry SDK, run against a real Redis from CommonJS and from an ES module.
describe('@redis-lens/instrument packed', () => {
  let dir: string;
  let redis: RedisServer;
  let tarball: string;

  beforeAll(async () => {
    dir = tempDir('packed-instrument');
    redis = await startRedis();
    tarball = packWorkspace('instrument', dir);
    createProject(dir, [
      tarball,
      'ioredis@5.11.1',
      '@opentelemetry/api@1.9.1',
      '@opentelemetry/sdk-metrics@2.12.0',
      '@opentelemetry/sdk-trace-base@2.12.0',
    ]);
    for (const f of ['packed-app.cjs', 'packed-app.mjs']) copyFileSync(join(__dirname, 'fixtures', f), join(dir, f));
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) removeDir(dir);
  });

  const run = (file: string, env: NodeJS.ProcessEnv = {}) =>
    JSON.parse(
      execFileSync(process.execPath, [file], {
        cwd: dir,
        env: { ...process.env, REDIS_URL: redis.url(), ...env },
        encoding: 'utf8',
      }),
    );

  it('ships only its build, with ioredis and the OTel API as peer dependencies', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files.filter((f) => !/^package\/(dist\/|package\.json$|README\.md$|LICENSE$)/.test(f))).toEqual([]);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    expect(Object.keys(manifest.peerDependencies)).toEqual(expect.arrayContaining(['ioredis', '@opentelemetry/api']));
    expect(Object.keys(manifest.dependencies ?? {})).not.toEqual(expect.arrayContaining(['ioredis']));
    expect(Object.keys(manifest.dependencies ?? {})).not.toEqual(expect.arrayContaining(['@opentelemetry/api']));
  });

  it('a CommonJS app gets spans, metrics and hot keys through the one API instance it owns', () => {
    // One key of that name: it shows only because the operator declares it (the redaction rule).
    const out = run('packed-app.cjs', { REDIS_LENS_KEY_PATTERNS: 'config:feature-flags' });
    // 50 GETs and a SET, besides the connection's own CLIENT SETINFO / INFO.
    expect(out.spans.filter((s: { name: string }) => s.name === 'GET')).toHaveLength(50);
    expect(out.spans).toContainEqual({ name: 'SET', system: 'redis' });
    expect(out.metricNames).toContain('db.client.operation.duration');
    expect(out.hotKeys).toContain('config:feature-flags');
    expect(out.hotKeys).toContain('user:{id}');
    expect(out.nestedApi).toBe(false);
    expect(out.apiPath).toBe(join(dir, 'node_modules', '@opentelemetry', 'api', 'build', 'src', 'index.js'));
  });

  it('an ES module app imports the same build by name, subpaths included', () => {
    const out = run('packed-app.mjs');
    expect(out.spans.slice(-2)).toEqual(['SET', 'GET']);
    expect(out.sameRedaction).toBe(true);
    expect(out.idInLabel).toBe(false);
  });
});
