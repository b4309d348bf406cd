import pino from 'pino';
import {
  generateCa,
  removeDir,
  startSentinelTopology,
  tempDir,
  waitFor,
  type SentinelTopology,
} from '@redis-lens/testkit';
import { loadConfig } from '../../src/config';
import { startExporter, type RunningExporter } from '../../src/service';
import { scrape, series } from '../helpers';

const SENTINEL_PASSWORD = 'sentinel-tls-secret';

// The exporter as an operator with a TLS-only Sentinel deployment runs it: no --redis.addr, only Sentinels, TLS
// client flags (the topology requires client certificates), every Sentinel reached over TLS with its password.
describe('exporter in Sentinel-only mode against a TLS Sentinel topology', () => {
  let topo: SentinelTopology;
  let exporter: RunningExporter;
  const dir = tempDir('exporter-sentinel-tls');

  const startSentinelOnly = (caCertFile: string) => {
    const certs = topo.certificates!;
    const config = loadConfig(
      [
        '--web.listen-address',
        '127.0.0.1:0',
        '--sentinel.addrs',
        topo.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
        '--sentinel.master-name',
        topo.masterName,
        '--tls-ca-cert-file',
        caCertFile,
        '--tls-client-cert-file',
        certs.clientCert,
        '--tls-client-key-file',
        certs.clientKey,
      ],
      { SENTINEL_PASSWORD },
    );
    expect(config.redisAddr).toBeUndefined();
    expect(config.sentinelTls).toBe(true);
    return startExporter(config, { env: {}, logger: pino({ level: 'silent' }) });
  };

  beforeAll(async () => {
    topo = await startSentinelTopology({
      replicas: 1,
      sentinels: 3,
      tls: { requireClientCert: true },
      sentinelPassword: SENTINEL_PASSWORD,
    });
    exporter = await startSentinelOnly(topo.certificates!.caCert);
  });
  afterAll(async () => {
    await exporter?.stop();
    await topo?.stop();
    removeDir(dir);
  });

  it('is ready: subscribed to the Sentinels and collected from one', async () => {
    await waitFor('/ready', async () => (await scrape(exporter, '/ready')).status === 200, { timeoutMs: 20_000 });
  });

  it('polls the Sentinel over TLS for redis_sentinel_* metrics', async () => {
    const { metrics } = await scrape(exporter);
    const master = await topo.master();
    const labels = `master_name="${topo.masterName}",master_address="127.0.0.1:${master.port}"`;
    expect(metrics.get('redis_up')).toBe(1);
    expect(series(metrics, 'redis_instance_info')[0].labels).toContain('redis_mode="sentinel"');
    expect(metrics.get('redis_sentinel_masters')).toBe(1);
    expect(metrics.get(`redis_sentinel_master_status{${labels},master_status="ok"}`)).toBe(1);
    expect(metrics.get(`redis_sentinel_master_ok_sentinels{${labels}}`)).toBe(3);
    expect(metrics.get(`redis_sentinel_master_ok_slaves{${labels}}`)).toBe(1);
    expect(series(metrics, 'redis_sentinel_master_ckquorum_status')[0].value).toBe(1);
    // Seeded over TLS from SENTINEL GET-MASTER-ADDR-BY-NAME, counters at 0.
    expect(metrics.get(`redis_sentinel_current_master_info{${labels}}`)).toBe(1);
    expect(metrics.get(`redis_sentinel_failovers_total{master_name="${topo.masterName}",result="success"}`)).toBe(0);
  });

  it('counts a failover once and shows the new master', async () => {
    const { oldMaster, newMaster } = await topo.failover('sentinel');
    const name = topo.masterName;
    const newAddress = `${newMaster.host}:${newMaster.port}`;
    const oldAddress = `${oldMaster.host}:${oldMaster.port}`;
    await waitFor(
      'the failover and the new master in /metrics',
      async () => {
        const { metrics } = await scrape(exporter);
        return (
          metrics.get(`redis_sentinel_failovers_total{master_name="${name}",result="success"}`) === 1 &&
          metrics.get(`redis_sentinel_current_master_info{master_name="${name}",master_address="${newAddress}"}`) === 1
        );
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    // Each Sentinel publishes +switch-master before it switches its own configuration, so once all three name the
    // new master every copy has been sent to the exporter (same event loop: delivered before the next scrape).
    await waitFor(
      'every Sentinel to name the new master',
      async () => {
        for (const sentinel of topo.sentinels) {
          const client = sentinel.client({ retryStrategy: () => null, maxRetriesPerRequest: 0 });
          try {
            const reply = (await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as string[];
            if (`${reply[0]}:${reply[1]}` !== newAddress) return false;
          } finally {
            client.disconnect();
          }
        }
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    const { metrics } = await scrape(exporter);
    expect(metrics.get(`redis_sentinel_failovers_total{master_name="${name}",result="success"}`)).toBe(1);
    expect(metrics.get(`redis_sentinel_failovers_total{master_name="${name}",result="aborted"}`)).toBe(0);
    expect(metrics.get(`redis_sentinel_events_total{master_name="${name}",event="+switch-master"}`)).toBe(1);
    expect(
      metrics.get(`redis_sentinel_current_master_info{master_name="${name}",master_address="${oldAddress}"}`),
    ).toBe(0);
    // The polled view follows too.
    await waitFor(
      'the polled Sentinel metrics to name the new master',
      async () =>
        (await scrape(exporter)).metrics.get(
          `redis_sentinel_master_status{master_name="${name}",master_address="${newAddress}",master_status="ok"}`,
        ) === 1,
      { timeoutMs: 30_000, intervalMs: 300 },
    );
  });

  it('with a CA that did not sign the Sentinels: redis_up 0, never ready, still serving', async () => {
    const wrongCa = generateCa(dir, 'wrong-ca');
    const wrong = await startSentinelOnly(wrongCa.cert);
    try {
      for (let i = 0; i < 3; i++) {
        const { status, metrics } = await scrape(wrong);
        expect(status).toBe(200);
        expect(metrics.get('redis_up')).toBe(0);
        const [error] = series(metrics, 'redis_exporter_last_scrape_error');
        expect(error.value).toBe(1);
        expect(error.labels).toMatch(/^\{err="self.signed certificate in certificate chain"\}$/);
        expect(metrics.get('redis_sentinel_masters')).toBeUndefined();
      }
      expect((await scrape(wrong, '/health')).status).toBe(200);
      // The failover subscription cannot verify any Sentinel either.
      expect((await scrape(wrong, '/ready')).status).toBe(503);
    } finally {
      await wrong.stop();
    }
  });
});
