import pino from 'pino';
import {
  getText,
  startPrometheus,
  startRedisCluster,
  waitFor,
  type ClusterNode,
  type RedisCluster,
} from '@redis-lens/testkit';
import { loadConfig } from '../../src/config';
import { startExporter, type RunningExporter } from '../../src/service';
import { scrape, series } from '../helpers';

// The exporter in cluster mode, as an operator runs it (all features), against a real 3 × 1 Redis Cluster.
describe('exporter in cluster mode on a real Redis Cluster', () => {
  let cluster: RedisCluster;
  let exporter: RunningExporter;
  const value = (text: string, name: string, labels: Record<string, string>) =>
    series(
      new Map(
        text
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => {
            const i = l.lastIndexOf(' ');
            return [l.slice(0, i), Number(l.slice(i + 1))] as [string, number];
          }),
      ),
      name,
    ).find((s) => Object.entries(labels).every(([k, v]) => s.labels.includes(`${k}="${v}"`)))?.value;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, maxmemoryPolicy: 'allkeys-lfu' });
    const config = loadConfig([
      '--web.listen-address',
      '127.0.0.1:0',
      '--redis.addr',
      cluster.nodes[0].url(),
      '--is-cluster',
      '--cluster.refresh-interval',
      '1s',
      '--hotkeys.interval',
      '200ms',
    ]);
    exporter = await startExporter(config, { env: {}, logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }) });
  });
  afterAll(async () => {
    await exporter?.stop();
    await cluster?.stop();
  });

  it('exports the topology: shards by lowest slot, every node with role and health, CLUSTER INFO series', async () => {
    const { status, body, metrics } = await scrape(exporter);
    expect(status).toBe(200);
    expect(metrics.get('redis_cluster_state')).toBe(1);
    expect(metrics.get('redis_cluster_slots_ok')).toBe(16384);
    expect(metrics.get('redis_cluster_known_nodes')).toBe(6);
    expect(series(metrics, 'redis_cluster_node_info')).toHaveLength(6);
    const shards = series(metrics, 'redis_cluster_shard_slots');
    expect(shards.map((s) => s.labels).sort()).toEqual(['{shard="0"}', '{shard="10923"}', '{shard="5461"}']);
    expect(shards.reduce((sum, s) => sum + s.value, 0)).toBe(16384);
    for (const shard of ['0', '5461', '10923']) {
      expect(value(body, 'redis_cluster_shard_replicas', { shard })).toBe(1);
      expect(value(body, 'redis_cluster_shard_healthy_replicas', { shard })).toBe(1);
    }
    const masters = await cluster.masters();
    expect(value(body, 'redis_cluster_current_master_info', { shard: '0', addr: `127.0.0.1:${masters[0].port}` })).toBe(
      1,
    );
    expect(
      value(body, 'redis_cluster_node_info', { node_id: masters[0].nodeId, role: 'master', health: 'online' }),
    ).toBe(1);
    expect(metrics.get('redis_cluster_failovers_total{shard="0",trigger="manual"}')).toBe(0);
  });

  it('answers /discover-cluster-nodes with http_sd JSON for every node', async () => {
    const { status, body } = await getText(`${exporter.url}/discover-cluster-nodes`);
    expect(status).toBe(200);
    const groups = JSON.parse(body) as { targets: string[]; labels: Record<string, string> }[];
    expect(groups.map((g) => g.targets[0]).sort()).toEqual(cluster.nodes.map((n) => n.url()).sort());
    expect(
      groups
        .filter((g) => g.labels.role === 'master')
        .map((g) => g.labels.shard)
        .sort(),
    ).toEqual(['0', '10923', '5461']);
  });

  it('scrapes every discovered node through /scrape and refuses targets outside the cluster', async () => {
    for (const node of cluster.nodes) {
      const { status, metrics } = await scrape(exporter, `/scrape?target=${encodeURIComponent(node.url())}`);
      expect(status).toBe(200);
      expect(metrics.get('redis_up')).toBe(1);
      expect(metrics.get('redis_cluster_state')).toBe(1);
      expect(metrics.get('redis_cluster_enabled')).toBe(1);
    }
    const outside = [
      'redis://127.0.0.1:1',
      `rediss://127.0.0.1:${cluster.nodes[0].port}`,
      `${cluster.nodes[0].url()}/3`,
    ];
    for (const target of outside) {
      expect((await getText(`${exporter.url}/scrape?target=${encodeURIComponent(target)}`)).status).toBe(403);
    }
  });

  it('lets a real Prometheus discover every node through http_sd and scrape each via /scrape', async () => {
    const exporterHost = new URL(exporter.url).host;
    // The relabeling redis_exporter documents for multi-target scrapes: the discovered address becomes ?target=.
    const prom = await startPrometheus({
      scrapeInterval: '1s',
      scrapeTargets: [
        {
          job: 'redis-cluster',
          targets: [],
          metricsPath: '/scrape',
          extra: {
            http_sd_configs: [{ url: `${exporter.url}/discover-cluster-nodes`, refresh_interval: '1s' }],
            relabel_configs: [
              { source_labels: ['__address__'], target_label: '__param_target' },
              { source_labels: ['__param_target'], target_label: 'instance' },
              { target_label: '__address__', replacement: exporterHost },
            ],
          },
        },
      ],
    });
    try {
      const up = await prom.waitForQuery(
        'redis_up{job="redis-cluster"} == 1',
        (samples) => samples.length === cluster.nodes.length,
        { timeoutMs: 30_000 },
      );
      expect(up.map((s) => s.metric.instance).sort()).toEqual(cluster.nodes.map((n) => n.url()).sort());
      // The http_sd labels ride on every series of the node.
      expect(new Set(up.map((s) => s.metric.role))).toEqual(new Set(['master', 'replica']));
      expect(new Set(up.map((s) => s.metric.shard))).toEqual(new Set(['0', '5461', '10923']));
      const state = await prom.waitForQuery('redis_cluster_state{job="redis-cluster"}', (s) => s.length === 6);
      expect(state.every((s) => s.value[1] === '1')).toBe(true);
    } finally {
      await prom.stop();
    }
  });

  it('finds server-side hot keys on every master, labelled with its shard', async () => {
    const client = cluster.client();
    try {
      for (let i = 0; i < 60; i++) await client.set(`user:${i}`, 'v');
      // One key per shard read often enough to climb the LFU counter (~100 reads → ~10).
      const hot = ['user:1', 'user:2', 'user:3', 'user:4', 'user:5', 'user:6', 'user:7', 'user:8', 'user:9'];
      for (let round = 0; round < 150; round++) await Promise.all(hot.map((k) => client.get(k)));
    } finally {
      client.disconnect();
    }
    await waitFor(
      'hot keys on every shard',
      async () => {
        const { metrics } = await scrape(exporter);
        const shards = new Set(
          series(metrics, 'redis_hotkey_lfu_frequency')
            .filter((s) => s.value > 5)
            .map((s) => /shard="([^"]+)"/.exec(s.labels)?.[1]),
        );
        return shards.size === 3;
      },
      { timeoutMs: 20_000 },
    );
    const { metrics } = await scrape(exporter);
    expect(series(metrics, 'redis_hotkeys_available').filter((s) => s.value === 1)).toHaveLength(3);
  });

  it('shows a slot migration while it runs (migrating on the source, importing on the target)', async () => {
    const [from, to] = await cluster.masters();
    // The top of the source's range, so no shard's lowest slot (its id) changes.
    const migration = await cluster.startSlotMigration(from, to, { start: 5456, end: 5460 });
    try {
      await waitFor(
        'migrating/importing series',
        async () => {
          const { body } = await scrape(exporter);
          return (
            value(body, 'redis_cluster_slots_migrating', { addr: `127.0.0.1:${from.port}` }) === 5 &&
            value(body, 'redis_cluster_slots_importing', { addr: `127.0.0.1:${to.port}` }) === 5
          );
        },
        { timeoutMs: 20_000 },
      );
    } finally {
      await migration.finish();
    }
    await waitFor(
      'migration series gone',
      async () => {
        const { metrics } = await scrape(exporter);
        return (
          !series(metrics, 'redis_cluster_slots_migrating').length &&
          !series(metrics, 'redis_cluster_slots_importing').length
        );
      },
      { timeoutMs: 20_000 },
    );
  });

  it('counts a CLUSTER FAILOVER once, as manual, with a duration', async () => {
    const [master] = await cluster.masters();
    const { body: before } = await scrape(exporter);
    const shard = before
      .split('\n')
      .find(
        (l) =>
          l.startsWith('redis_cluster_current_master_info') &&
          l.includes(`127.0.0.1:${master.port}`) &&
          l.endsWith(' 1'),
      )!
      .match(/shard="([^"]+)"/)![1];
    const [replica] = await cluster.replicasOf(master);
    await cluster.manualFailover(replica);
    await waitFor(
      'manual failover counted',
      async () => {
        const { body } = await scrape(exporter);
        return value(body, 'redis_cluster_failovers_total', { shard, trigger: 'manual' }) === 1;
      },
      { timeoutMs: 20_000 },
    );
    await new Promise((r) => setTimeout(r, 2_500)); // a few more refreshes: still once
    const { body } = await scrape(exporter);
    expect(value(body, 'redis_cluster_failovers_total', { shard, trigger: 'manual' })).toBe(1);
    expect(value(body, 'redis_cluster_failovers_total', { shard, trigger: 'failure' })).toBe(0);
    expect(value(body, 'redis_cluster_failover_duration_seconds_count', { shard })).toBe(1);
    const seconds = value(body, 'redis_cluster_failover_duration_seconds_sum', { shard })!;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
    expect(value(body, 'redis_cluster_current_master_info', { shard, addr: `127.0.0.1:${replica.port}` })).toBe(1);
    expect(value(body, 'redis_cluster_current_master_info', { shard, addr: `127.0.0.1:${master.port}` })).toBe(0);
  });

  it('follows a node joining and leaving: allowed on /scrape only while it is part of the cluster', async () => {
    const [master] = await cluster.masters();
    const added = await cluster.addNode({ replicaOf: master });
    const target = `/scrape?target=${encodeURIComponent(added.url())}`;
    const discovered = async () =>
      (JSON.parse((await getText(`${exporter.url}/discover-cluster-nodes`)).body) as { targets: string[] }[]).some(
        (g) => g.targets[0] === added.url(),
      );
    await waitFor('new node discovered', discovered, { timeoutMs: 20_000 });
    expect((await scrape(exporter, target)).metrics.get('redis_up')).toBe(1);
    await cluster.removeNode(added);
    await waitFor('removed node forgotten', async () => !(await discovered()), { timeoutMs: 20_000 });
    expect((await getText(`${exporter.url}${target}`)).status).toBe(403);
  });

  it('gives a killed node its own redis_up 0 while the others keep reporting', async () => {
    const replicas = await cluster.replicas();
    const victim: ClusterNode = replicas[replicas.length - 1];
    victim.process.signal('SIGKILL');
    await waitFor('killed node exits', async () => !victim.isRunning(), { timeoutMs: 10_000 });
    const dead = await scrape(exporter, `/scrape?target=${encodeURIComponent(victim.url())}`);
    expect(dead.status).toBe(200);
    expect(dead.metrics.get('redis_up')).toBe(0);
    for (const node of cluster.nodes.filter((n) => n !== victim)) {
      const { metrics } = await scrape(exporter, `/scrape?target=${encodeURIComponent(node.url())}`);
      expect(metrics.get('redis_up')).toBe(1);
    }
    // The cluster marks it failed; it stays discovered (and allowed) so Prometheus keeps seeing its redis_up 0.
    await waitFor(
      'node health fail',
      async () => {
        const { body } = await scrape(exporter);
        return value(body, 'redis_cluster_node_info', { node_id: victim.nodeId, health: 'fail' }) === 1;
      },
      { timeoutMs: 20_000 },
    );
    const sd = JSON.parse((await getText(`${exporter.url}/discover-cluster-nodes`)).body) as { targets: string[] }[];
    expect(sd.map((g) => g.targets[0])).toContain(victim.url());
  });
});
