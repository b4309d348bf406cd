import type { ScrapeTarget } from './prometheus';

/**
 * Prometheus jobs for a redis-lens exporter in cluster mode, as an operator configures them: the exporter's own
 * /metrics (the cluster-wide view) as `job`, and every node found through http_sd (`/discover-cluster-nodes`)
 * scraped via `/scrape?target=` as `nodesJob`, with the relabelling redis_exporter documents for multi-target
 * scrapes (the discovered address becomes `?target=` and `instance`). Node series carry the http_sd `shard`/`role`.
 */
export function clusterScrapeTargets(exporterAddress: string, job: string, nodesJob = `${job}-nodes`): ScrapeTarget[] {
  return [
    { job, targets: [exporterAddress] },
    {
      job: nodesJob,
      targets: [],
      metricsPath: '/scrape',
      extra: {
        http_sd_configs: [{ url: `http://${exporterAddress}/discover-cluster-nodes`, refresh_interval: '1s' }],
        relabel_configs: [
          { source_labels: ['__address__'], target_label: '__param_target' },
          { source_labels: ['__param_target'], target_label: 'instance' },
          { target_label: '__address__', replacement: exporterAddress },
        ],
      },
    },
  ];
}
