import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  createProject,
  freePort,
  getText,
  packWorkspace,
  releasePort,
  removeDir,
  spawnManaged,
  startRedis,
  tempDir,
  waitFor,
  type RedisServer,
} from '@redis-lens/testkit';

// The exporter's CLI as `npm install redis-lens` gives it: both tarballs (the exporter and the library it takes key
// redaction from) installed into a fresh project, the bin run from node_modules/.bin against a real Redis.
describe('redis-lens exporter packed', () => {
  let dir: string;
  let redis: RedisServer;
  let exporterTarball: string;

  beforeAll(async () => {
    dir = tempDir('packed-exporter');
    redis = await startRedis();
    const instrumentTarball = packWorkspace('instrument', dir);
    exporterTarball = packWorkspace('exporter', dir);
    createProject(dir, [instrumentTarball, exporterTarball]);
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) removeDir(dir);
  });

  it('ships the bin and its build, nothing of the tests or sources', () => {
    const files = execFileSync('tar', ['-tzf', exporterTarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/bin/redis-lens-exporter.js');
    expect(files).toContain('package/dist/cli.js');
    expect(files.filter((f) => !/^package\/(dist\/|bin\/|package\.json$|README\.md$|LICENSE$)/.test(f))).toEqual([]);
  });

  it('serves redis_up 1 from the installed bin', async () => {
    const port = await freePort();
    const exporter = spawnManaged(
      'packed-redis-lens-exporter',
      join(dir, 'node_modules', '.bin', 'redis-lens-exporter'),
      ['--redis.addr', redis.url(), '--web.listen-address', `127.0.0.1:${port}`],
      { cwd: dir, logFile: join(dir, 'exporter.log') },
    );
    try {
      const body = await waitFor(
        'the packed exporter to serve redis_up 1',
        async () => {
          const { body: text } = await getText(`http://127.0.0.1:${port}/metrics`).catch(() => ({ body: '' }));
          return text.includes('redis_up 1') ? text : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(body).toMatch(/^redis_exporter_build_info\{/m);
    } finally {
      await exporter.stop();
      releasePort(port);
    }
  });
});
