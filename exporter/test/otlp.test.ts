import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  removeDir,
  spawnManaged,
  startRedis,
  tempDir,
  waitFor,
  type ManagedProcess,
  type RedisServer,
} from '@redis-lens/testkit';

// Stand-in for an OTel Collector (none can run here): a loopback HTTP server that accepts OTLP/HTTP JSON on
// /v1/metrics as a collector's otlp_http receiver would, and keeps the bodies. The exporter runs as a child
// process because the OTLP exporter loads its transport with a dynamic import, which jest's VM cannot run.
describe('OTLP push of the same instruments', () => {
  let redis: RedisServer;
  let proc: ManagedProcess;
  let collector: Server;
  const dir = tempDir('exporter-otlp');
  const bodies: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.url === '/v1/metrics') bodies.push(body);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    proc = spawnManaged(
      'redis-lens-exporter',
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        join(__dirname, '..', 'src', 'cli.ts'),
        '--redis.addr',
        redis.url(),
        '--web.listen-address',
        '127.0.0.1:0',
      ],
      {
        cwd: join(__dirname, '..', '..'),
        logFile: join(dir, 'exporter.log'),
        env: {
          PATH: process.env.PATH,
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
          OTEL_SERVICE_NAME: 'exporter-under-test',
          OTEL_METRIC_EXPORT_INTERVAL: '500',
        },
      },
    );
  });
  afterAll(async () => {
    await proc?.stop();
    await new Promise((resolve) => collector?.close(resolve));
    await redis?.stop();
    removeDir(dir);
  });

  it('pushes redis_up and commandstats over OTLP/HTTP with the service name', async () => {
    const body = await waitFor('an OTLP export with redis_up', () => bodies.find((b) => b.includes('"redis_up"')), {
      timeoutMs: 30_000,
    });
    const payload = JSON.parse(body);
    const resourceAttrs = payload.resourceMetrics[0].resource.attributes;
    expect(resourceAttrs).toContainEqual({ key: 'service.name', value: { stringValue: 'exporter-under-test' } });
    const names = payload.resourceMetrics.flatMap((rm: { scopeMetrics: { metrics: { name: string }[] }[] }) =>
      rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.name)),
    );
    expect(names).toEqual(expect.arrayContaining(['redis_up', 'redis_commands_total', 'redis_exporter_scrapes_total']));
  });
});
