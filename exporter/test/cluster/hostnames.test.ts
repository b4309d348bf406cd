import pino from 'pino';
import { ANNOUNCED_HOSTNAME, getText, startRedisCluster, waitFor, type RedisCluster } from '@redis-lens/testkit';
import { loadConfig } from '../../src/config';
import { startExporter, type RunningExporter } from '../../src/service';
import { scrape, series } from '../helpers';

// Real clusters whose nodes announce a hostname as their preferred endpoint (`cluster-announce-hostname` +
// `cluster-preferred-endpoint-type hostname`, as managed services and Kubernetes run them; `localhost` here, as only
// loopback works on the test machines). The exporter dials nodes at that endpoint, keeps `ip:port` as their
// identity, and hands Prometheus hostnames with --cluster-discover-hostnames (redis_exporter's flag), ips without.

type SdGroup = { targets: string[]; labels: Record<string, string> };

async function discovered(exporter: RunningExporter): Promise<SdGroup[]> {
  const { status, body } = await getText(`${exporter.url}/discover-cluster-nodes`);
  expect(status).toBe(200);
  return JSON.parse(body) as SdGroup[];
}

// A 1 s full re-read: the first read asks only the seed, the next ones every discovered node.
const start = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  startExporter(
    loadConfig(
      [
        ...['--web.listen-address', '127.0.0.1:0', '--is-cluster', '--cluster.refresh-interval', '1s'],
        ...['--hotkeys.enabled=false', ...args],
      ],
      env,
    ),
    { env: {}, logger: pino({ level: 'silent' }) },
  );

/** Every node shows the exporter's own topology connection: it dialled each at its preferred endpoint. */
async function waitForExporterOnEveryNode(cluster: RedisCluster): Promise<void> {
  await waitFor(
    'the exporter to hold a topology connection on every node',
    async () => {
      for (const node of cluster.nodes) {
        if (!String(await node.command('CLIENT', 'LIST')).includes('name=redis-lens-cluster ')) return false;
      }
      return true;
    },
    { timeoutMs: 20_000, intervalMs: 250 },
  );
}

describe('cluster mode on a hostname cluster (real 3 × 1)', () => {
  let cluster: RedisCluster;
  let withHostnames: RunningExporter;
  let withIps: RunningExporter;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, announceHostnames: true });
    withHostnames = await start(['--redis.addr', cluster.nodes[0].url(), '--cluster-discover-hostnames']);
    // A seed given by name, as an operator of such a cluster would.
    withIps = await start(['--redis.addr', cluster.nodes[1].endpointUrl()]);
  });
  afterAll(async () => {
    await withHostnames?.stop();
    await withIps?.stop();
    await cluster?.stop();
  });

  it('reads every node itself, dialled by the name it announces', async () => {
    await waitForExporterOnEveryNode(cluster);
  });

  it('hands out hostnames with --cluster-discover-hostnames and ips without, one group per node', async () => {
    expect(cluster.nodes[0].endpointUrl()).toMatch(new RegExp(`^redis://${ANNOUNCED_HOSTNAME}:\\d+$`));
    const named = await discovered(withHostnames);
    expect(named.map((g) => g.targets[0]).sort()).toEqual(cluster.nodes.map((n) => n.endpointUrl()).sort());
    expect(named.filter((g) => g.labels.role === 'master')).toHaveLength(3);
    expect(new Set(named.map((g) => g.labels.shard)).size).toBe(3);
    const plain = await discovered(withIps);
    expect(plain.map((g) => g.targets[0]).sort()).toEqual(cluster.nodes.map((n) => n.url()).sort());
  });

  it('scrapes every node at its hostname target, and still at its ip', async () => {
    for (const node of cluster.nodes) {
      const { status, metrics } = await scrape(
        withHostnames,
        `/scrape?target=${encodeURIComponent(node.endpointUrl())}`,
      );
      expect(status).toBe(200);
      expect(metrics.get('redis_up')).toBe(1);
      expect(metrics.get('redis_cluster_state')).toBe(1);
    }
    const ip = await scrape(withHostnames, `/scrape?target=${encodeURIComponent(cluster.nodes[2].url())}`);
    expect(ip.metrics.get('redis_up')).toBe(1);
    // A name the cluster never announced for that port is not a discovered target.
    const other = `redis://${ANNOUNCED_HOSTNAME}:1`;
    expect((await getText(`${withHostnames.url}/scrape?target=${encodeURIComponent(other)}`)).status).toBe(403);
  });

  it('keeps one series per node, labelled by ip:port, whichever name the cluster announces', async () => {
    for (const exporter of [withHostnames, withIps]) {
      const { metrics } = await scrape(exporter);
      expect(metrics.get('redis_cluster_discovered_nodes')).toBe(6);
      const info = series(metrics, 'redis_cluster_node_info');
      expect(info).toHaveLength(6);
      const addrs = info.map((s) => /addr="([^"]+)"/.exec(s.labels)?.[1]);
      expect(addrs.sort()).toEqual(cluster.nodes.map((n) => `127.0.0.1:${n.port}`).sort());
      expect(series(metrics, 'redis_cluster_current_master_info').filter((s) => s.value === 1)).toHaveLength(3);
    }
  });
});

describe('cluster mode on a TLS-only, password-protected hostname cluster (real 3 × 0)', () => {
  let cluster: RedisCluster;
  let exporter: RunningExporter;

  beforeAll(async () => {
    cluster = await startRedisCluster({
      masters: 3,
      replicasPerMaster: 0,
      announceHostnames: true,
      tls: true,
      password: 'hostname-secret',
    });
    // Only the CA: each node's certificate is checked against the name the exporter dials (no --tls-server-name).
    exporter = await start(
      [
        ...['--redis.addr', cluster.nodes[0].endpointUrl(), '--cluster-discover-hostnames'],
        ...['--tls-ca-cert-file', cluster.certificates!.caCert],
      ],
      { REDIS_PASSWORD: 'hostname-secret' },
    );
  });
  afterAll(async () => {
    await exporter?.stop();
    await cluster?.stop();
  });

  it('reads every node itself over TLS, verified by the name it announces', async () => {
    await waitForExporterOnEveryNode(cluster);
  });

  it('discovers every node as rediss://hostname and scrapes each with the seed credentials', async () => {
    const groups = await discovered(exporter);
    const targets = groups.map((g) => g.targets[0]).sort();
    expect(targets).toEqual(cluster.nodes.map((n) => n.endpointUrl()).sort());
    for (const target of targets) expect(target).toMatch(new RegExp(`^rediss://${ANNOUNCED_HOSTNAME}:\\d+$`));
    for (const target of targets) {
      const { status, metrics, body } = await scrape(exporter, `/scrape?target=${encodeURIComponent(target)}`);
      expect(status).toBe(200);
      expect(metrics.get('redis_up')).toBe(1);
      expect(metrics.get('redis_cluster_state')).toBe(1);
      expect(body).not.toContain('hostname-secret');
    }
    const { metrics, body } = await scrape(exporter);
    expect(metrics.get('redis_cluster_discovered_nodes')).toBe(3);
    expect(series(metrics, 'redis_cluster_shard_slots').reduce((sum, s) => sum + s.value, 0)).toBe(16384);
    expect(body).not.toContain('hostname-secret');
  });
});
