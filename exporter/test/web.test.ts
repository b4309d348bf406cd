import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { generateCertificates, removeDir, startRedis, tempDir, type RedisServer } from '@redis-lens/testkit';
import type { ExporterFeature } from '../src/feature';
import type { RunningExporter } from '../src/service';
import { loadConfig } from '../src/config';
import { startExporter } from '../src/service';
import pino from 'pino';
import { scrape, startTestExporter } from './helpers';

function httpsGet(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, servername: 'localhost' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('exporter web endpoint', () => {
  let redis: RedisServer;
  const dir = tempDir('exporter-web');
  const running: RunningExporter[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const r of running) await r.stop();
    await redis?.stop();
    removeDir(dir);
  });

  it('serves /metrics over TLS with --web.tls-cert-file/--web.tls-key-file', async () => {
    const certs = generateCertificates(dir);
    const exporter = await startTestExporter([
      '--redis.addr',
      redis.url(),
      '--web.tls-cert-file',
      certs.serverCert,
      '--web.tls-key-file',
      certs.serverKey,
    ]);
    running.push(exporter);
    expect(exporter.url.startsWith('https://')).toBe(true);
    const res = await httpsGet(`${exporter.url}/metrics`, readFileSync(certs.caCert));
    expect(res.status).toBe(200);
    expect(res.body).toContain('\nredis_up 1');
  });

  it('/ready waits for every feature; features start with the FeatureContext and stop on shutdown', async () => {
    let ready = false;
    const events: string[] = [];
    const feature: ExporterFeature = {
      name: 'test-feature',
      async start(ctx) {
        events.push(`start ${ctx.redis?.port} ${ctx.sentinels.length} ${ctx.hotkeys.topN}`);
        ctx.meter.createObservableGauge('redis_test_feature_value').addCallback((r) => r.observe(7));
      },
      ready: () => ready,
      async stop() {
        events.push('stop');
      },
    };
    const config = loadConfig(
      ['--redis.addr', redis.url(), '--web.listen-address', '127.0.0.1:0', '--hotkeys.top-n', '5'],
      {},
    );
    const exporter = await startExporter(config, { logger: pino({ level: 'silent' }), features: [() => feature] });
    try {
      expect(events).toEqual([`start ${redis.port} 0 5`]);
      expect((await scrape(exporter, '/ready')).status).toBe(503);
      ready = true;
      expect((await scrape(exporter, '/ready')).status).toBe(200);
      expect((await scrape(exporter)).metrics.get('redis_test_feature_value')).toBe(7);
    } finally {
      await exporter.stop();
    }
    expect(events).toEqual([`start ${redis.port} 0 5`, 'stop']);
  });
});
