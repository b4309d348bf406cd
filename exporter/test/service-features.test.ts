import pino from 'pino';
import { startSentinelTopology, waitFor, type SentinelTopology } from '@redis-lens/testkit';
import { loadConfig } from '../src/config';
import { startExporter, type RunningExporter } from '../src/service';
import { scrape, series } from './helpers';

// The whole service as an operator runs it: INFO collection, failover tracking and server hot keys together,
// against a real master + 2 replicas + 3 Sentinels with an LFU policy.
describe('exporter service with its features', () => {
  let topo: SentinelTopology;
  let exporter: RunningExporter;

  beforeAll(async () => {
    topo = await startSentinelTopology({ replicas: 2, sentinels: 3, redis: { maxmemoryPolicy: 'allkeys-lfu' } });
    const master = await topo.master();
    const config = loadConfig(
      [
        '--web.listen-address',
        '127.0.0.1:0',
        '--redis.addr',
        master.url(),
        '--sentinel.addrs',
        topo.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
        '--sentinel.master-name',
        topo.masterName,
        '--hotkeys.interval',
        '200ms',
      ],
      // One session key only: its name is declared (a learned name needs k keys).
      { REDIS_LENS_KEY_HASH_SECRET: 'integration-secret', REDIS_LENS_KEY_PATTERNS: 'session:{id}' },
    );
    exporter = await startExporter(config, { env: {}, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await exporter?.stop();
    await topo?.stop();
  });

  it('is ready once INFO collection ran and every feature is serving', async () => {
    await waitFor('/ready', async () => (await scrape(exporter, '/ready')).status === 200, { timeoutMs: 20_000 });
  });

  it('exports the hottest key as pattern#hash, never the session id', async () => {
    const client = (await topo.master()).client();
    const pipeline = client.pipeline();
    for (let i = 0; i < 300; i++) pipeline.set(`item:${i}`, 'x');
    pipeline.set('session:8f14e45fceea167a5a36dedd4bea2543', 'secret-session');
    await pipeline.exec();
    for (let round = 0; round < 20; round++) {
      const reads = client.pipeline();
      for (let i = 0; i < 100; i++) reads.get('session:8f14e45fceea167a5a36dedd4bea2543');
      await reads.exec();
    }
    client.disconnect();
    const hot = await waitFor(
      'the hot session key in /metrics',
      async () => {
        const { metrics } = await scrape(exporter);
        return series(metrics, 'redis_hotkey_lfu_frequency').find((s) => s.labels.includes('pattern="session:{id}"'));
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect(hot.labels).toMatch(/key="session:\{id\}#[0-9a-f]{12}"/);
    const { body } = await scrape(exporter);
    expect(body).not.toContain('8f14e45fceea167a5a36dedd4bea2543');
  });

  it('counts a SIGKILL failover once and shows the new master', async () => {
    const result = await topo.failover('kill');
    const address = `${result.newMaster.host}:${result.newMaster.port}`;
    await waitFor(
      'the failover in /metrics',
      async () => {
        const { metrics } = await scrape(exporter);
        const done = series(metrics, 'redis_sentinel_failovers_total').find((s) =>
          s.labels.includes('result="success"'),
        );
        const current = series(metrics, 'redis_sentinel_current_master_info').find((s) =>
          s.labels.includes(`master_address="${address}"`),
        );
        return done?.value === 1 && current?.value === 1;
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    const { metrics } = await scrape(exporter);
    expect(series(metrics, 'redis_sentinel_failover_duration_seconds_count')[0].value).toBe(1);
  });
});
