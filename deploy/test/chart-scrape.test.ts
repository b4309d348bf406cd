// The chart's ScrapeConfig relabeling, run by the real Prometheus (as the job the Prometheus Operator would generate
// from it, support/scrape-config.ts): cluster mode discovers every node of a real Redis Cluster from the real
// exporter's /discover-cluster-nodes and scrapes each through /scrape; fleet mode with shards sends each target to
// one fixed replica. The Service's cluster DNS name is the one thing replaced: by the exporter's loopback address.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  getJson,
  removeDir,
  startPrometheus,
  startRedisCluster,
  startRedisLensExporter,
  tempDir,
  waitFor,
  type PrometheusServer,
  type RedisCluster,
  type RedisLensExporter,
} from '@redis-lens/testkit';
import { one, renderChart } from './support/chart';
import { scrapeJob } from './support/scrape-config';

async function prometheusWith(job: Record<string, unknown>, dir: string): Promise<PrometheusServer> {
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, JSON.stringify({ global: { scrape_interval: '1s' }, scrape_configs: [job] }));
  return startPrometheus({ configFile });
}

describe('cluster mode ScrapeConfig', () => {
  let cluster: RedisCluster | undefined;
  let exporter: RedisLensExporter | undefined;
  let prometheus: PrometheusServer | undefined;
  const dir = tempDir('chart-scrape-cluster');

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await cluster?.stop();
    removeDir(dir);
  }, 60_000);

  it('scrapes every node the exporter discovers, each as its own instance', async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0 });
    const seed = cluster.nodes[0];
    exporter = await startRedisLensExporter(`${seed.host}:${seed.port}`, ['--is-cluster']);
    const spec = one(
      renderChart({ mode: 'cluster', redis: { addr: `redis://${seed.host}:${seed.port}` } }),
      'ScrapeConfig',
    ).spec;
    const job = JSON.parse(
      JSON.stringify(scrapeJob('redis-cluster', spec)).replaceAll(
        'lens-redis-lens.monitoring.svc:9121',
        exporter.address,
      ),
    );
    job.scrape_interval = '1s';
    job.scrape_timeout = '1s';
    job.http_sd_configs[0].refresh_interval = '1s';
    prometheus = await prometheusWith(job, dir);
    const up = await prometheus.waitForQuery(
      'redis_up{job="redis-cluster"}',
      (samples) => samples.length === 3 && samples.every((s) => s.value[1] === '1'),
      { timeoutMs: 60_000 },
    );
    expect(up.map((s) => s.metric.instance).sort()).toEqual(
      cluster.nodes.map((n) => `redis://${n.host}:${n.port}`).sort(),
    );
  }, 180_000);
});

describe('fleet mode ScrapeConfig with shards', () => {
  it('sends each target to one replica, the same one every time, and uses every replica', async () => {
    const targets = Array.from({ length: 12 }, (_, i) => `redis://10.0.0.${i + 1}:6379`);
    const values = { mode: 'fleet', fleet: { targets, shards: 3 } };
    const spec = one(renderChart(values), 'ScrapeConfig').spec;
    const dir = tempDir('chart-scrape-fleet');
    const assignments: Record<string, string>[] = [];
    try {
      // Two Prometheus servers, one after the other: hashmod is a pure function of the target, so they must agree.
      for (let run = 0; run < 2; run++) {
        const prometheus = await prometheusWith(scrapeJob('redis-fleet', spec), dir);
        try {
          assignments.push(await scrapeUrls(prometheus, targets.length));
        } finally {
          await prometheus.stop();
        }
      }
    } finally {
      removeDir(dir);
    }
    const [first, second] = assignments;
    expect(Object.keys(first).sort()).toEqual([...targets].sort());
    expect(second).toEqual(first);
    const replicas = new Set(
      Object.values(first).map(
        (url) =>
          /^http:\/\/lens-redis-lens-(\d)\.lens-redis-lens-headless\.monitoring\.svc:9121\/scrape\?target=/.exec(
            url,
          )?.[1],
      ),
    );
    expect([...replicas].sort()).toEqual(['0', '1', '2']);
  }, 120_000);
});

/** target → the URL Prometheus scrapes it at (the replica it was sharded to). */
async function scrapeUrls(prometheus: PrometheusServer, count: number): Promise<Record<string, string>> {
  let urls: Record<string, string> = {};
  await waitFor(`${count} fleet targets in Prometheus`, async () => {
    const res = await getJson<{ data: { activeTargets: { labels: Record<string, string>; scrapeUrl: string }[] } }>(
      `${prometheus.url}/api/v1/targets?state=active`,
    );
    urls = Object.fromEntries(res.data.activeTargets.map((t) => [t.labels.instance, t.scrapeUrl]));
    return Object.keys(urls).length === count;
  });
  return urls;
}
