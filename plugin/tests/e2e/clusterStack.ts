import {
  clusterScrapeTargets,
  startPrometheus,
  startRedisCluster,
  startRedisLensExporter,
  type PrometheusServer,
  type RedisCluster,
} from '@redis-lens/testkit';

/** The Prometheus job of the exporter's own /metrics, which the Topology page names the cluster after. */
export const CLUSTER_JOB = 'orders-cluster';

export interface ClusterStack {
  cluster: RedisCluster;
  prometheus: PrometheusServer;
  stop(): Promise<void>;
}

/** Real 3 × 1 Redis Cluster + the redis-lens exporter in cluster mode (built CLI) + Prometheus scraping it via http_sd. */
export async function startClusterStack(): Promise<ClusterStack> {
  const started: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of started.reverse()) {
      await s().catch(() => undefined);
    }
  };
  try {
    const cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    started.push(() => cluster.stop());
    const exporter = await startRedisLensExporter(`127.0.0.1:${cluster.nodes[0].port}`, [
      '--is-cluster',
      '--cluster.refresh-interval=1s',
    ]);
    started.push(() => exporter.stop());
    const prometheus = await startPrometheus({
      scrapeTargets: clusterScrapeTargets(exporter.address, CLUSTER_JOB),
      evalInterval: '1s',
    });
    started.push(() => prometheus.stop());
    return { cluster, prometheus, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
