import pino from 'pino';
import { getText, startRedisCluster, type RedisCluster } from '@redis-lens/testkit';
import { loadConfig } from '../../src/config';
import { startExporter, type RunningExporter } from '../../src/service';
import { scrape } from '../helpers';

// A TLS-only, password-protected real cluster: the exporter reaches every discovered node with the seed's password
// (from env, never argv) and TLS settings, and hands Prometheus rediss:// targets.
describe('cluster mode with a password and TLS', () => {
  let cluster: RedisCluster;
  let exporter: RunningExporter;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, password: 'cluster-secret', tls: true });
    const config = loadConfig(
      [
        ...['--web.listen-address', '127.0.0.1:0', '--redis.addr', cluster.nodes[0].url(), '--is-cluster'],
        ...['--tls-ca-cert-file', cluster.certificates!.caCert, '--hotkeys.enabled=false'],
      ],
      { REDIS_PASSWORD: 'cluster-secret' },
    );
    exporter = await startExporter(config, { env: {}, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await exporter?.stop();
    await cluster?.stop();
  });

  it('discovers every node as rediss:// and scrapes each with the seed credentials', async () => {
    expect(cluster.nodes[0].url()).toMatch(/^rediss:\/\//);
    const groups = JSON.parse((await getText(`${exporter.url}/discover-cluster-nodes`)).body) as {
      targets: string[];
    }[];
    expect(groups.map((g) => g.targets[0]).sort()).toEqual(cluster.nodes.map((n) => n.url()).sort());
    for (const node of cluster.nodes) {
      const { status, metrics, body } = await scrape(exporter, `/scrape?target=${encodeURIComponent(node.url())}`);
      expect(status).toBe(200);
      expect(metrics.get('redis_up')).toBe(1);
      expect(metrics.get('redis_cluster_state')).toBe(1);
      expect(body).not.toContain('cluster-secret');
    }
    const { metrics } = await scrape(exporter);
    expect(metrics.get('redis_cluster_discovered_nodes')).toBe(6);
    // The plain-text scheme of a discovered TLS node is not a discovered target.
    const plain = cluster.nodes[1].url().replace('rediss://', 'redis://');
    expect((await getText(`${exporter.url}/scrape?target=${encodeURIComponent(plain)}`)).status).toBe(403);
  });
});
