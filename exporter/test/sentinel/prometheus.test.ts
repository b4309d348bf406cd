import {
  startPrometheus,
  startSentinelTopology,
  type PrometheusServer,
  type SentinelTopology,
} from '@redis-lens/testkit';
import type { RunningExporter } from '../../src/service';
import { scrape, series, startTestExporter } from '../helpers';

describe('polled Sentinel metrics and a real Prometheus scraping the exporter', () => {
  let topo: SentinelTopology;
  let viaAddr: RunningExporter;
  let sentinelOnly: RunningExporter;
  let prom: PrometheusServer;

  beforeAll(async () => {
    topo = await startSentinelTopology({ replicas: 1, sentinels: 3 });
    const s = topo.sentinels[0];
    viaAddr = await startTestExporter(['--redis.addr', `redis://127.0.0.1:${s.port}`]);
    sentinelOnly = await startTestExporter([
      '--sentinel.addrs',
      topo.sentinels.map((n) => `127.0.0.1:${n.port}`).join(','),
      '--sentinel.master-name',
      topo.masterName,
    ]);
    const target = new URL(sentinelOnly.url).host;
    prom = await startPrometheus({ scrapeTargets: [target], scrapeInterval: '1s', evalInterval: '1s' });
  });
  afterAll(async () => {
    await prom?.stop();
    await sentinelOnly?.stop();
    await viaAddr?.stop();
    await topo?.stop();
  });

  it('exports SENTINEL MASTERS/REPLICAS/SENTINELS/CKQUORUM as redis_exporter does', async () => {
    for (const exporter of [viaAddr, sentinelOnly]) {
      const { metrics } = await scrape(exporter);
      const master = await topo.master();
      const labels = `master_name="${topo.masterName}",master_address="127.0.0.1:${master.port}"`;
      expect(metrics.get('redis_up')).toBe(1);
      expect(metrics.get('redis_sentinel_masters')).toBe(1);
      expect(metrics.get(`redis_sentinel_master_status{${labels},master_status="ok"}`)).toBe(1);
      expect(metrics.get(`redis_sentinel_master_slaves{${labels}}`)).toBe(1);
      expect(metrics.get(`redis_sentinel_master_sentinels{${labels}}`)).toBe(3);
      expect(metrics.get(`redis_sentinel_master_ok_slaves{${labels}}`)).toBe(1);
      expect(metrics.get(`redis_sentinel_master_ok_sentinels{${labels}}`)).toBe(3);
      expect(series(metrics, 'redis_sentinel_master_ckquorum_status')[0].value).toBe(1);
      expect(metrics.get(`redis_sentinel_master_config_epoch{${labels}}`)).toBeGreaterThanOrEqual(0);
      expect(series(metrics, 'redis_instance_info')[0].labels).toContain('redis_mode="sentinel"');
    }
  });

  it('Prometheus scrapes it and answers redis_up through its API', async () => {
    const samples = await prom.waitForQuery('redis_up == 1', (s) => s.length === 1, { timeoutMs: 30_000 });
    expect(samples[0].value[1]).toBe('1');
    const masters = await prom.waitForQuery('redis_sentinel_masters', (s) => s.length === 1, { timeoutMs: 30_000 });
    expect(masters[0].value[1]).toBe('1');
  });
});
