import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  removeDir,
  startAlertmanager,
  startPrometheus,
  startRedisLensExporter,
  startSentinelTopology,
  tempDir,
  type AlertmanagerServer,
  type PrometheusServer,
  type ScrapeTarget,
  type SentinelTopology,
} from '@redis-lens/testkit';

export const RUNBOOK_BASE = 'https://github.com/redis-lens/redis-lens/blob/main/docs/runbooks';

/** redis-lens style rules: RedisHotKey fires as soon as hot keys are seen, RedisDown once the old master is killed. */
const rules = {
  groups: [
    {
      name: 'redis-lens',
      rules: [
        {
          alert: 'RedisDown',
          expr: 'redis_up == 0',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'Redis {{ $labels.instance }} is down',
            runbook_url: `${RUNBOOK_BASE}/redis-down.md`,
          },
        },
        {
          alert: 'RedisHotKey',
          expr: 'redis_hotkey_lfu_frequency >= 10',
          labels: { severity: 'warning' },
          annotations: { summary: 'A key is hot', runbook_url: `${RUNBOOK_BASE}/hot-key.md` },
        },
      ],
    },
  ],
};

export interface Stack {
  topology: SentinelTopology;
  prometheus: PrometheusServer;
  alertmanager: AlertmanagerServer;
  stop(): Promise<void>;
}

/** Real Sentinel topology + the redis-lens exporter (features and multi-target /scrape) + Prometheus + Alertmanager. */
export async function startStack(): Promise<Stack> {
  const started: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of started.reverse()) {
      await s().catch(() => undefined);
    }
  };
  try {
    const topology = await startSentinelTopology({
      replicas: 2,
      sentinels: 3,
      // Long enough that a CPU-starved CI machine does not fail over on its own before the test's kill.
      downAfterMs: 2000,
      redis: { maxmemoryPolicy: 'allkeys-lfu' },
    });
    started.push(() => topology.stop());

    // The redis-lens exporter as operators run it (the built CLI): failover tracking on every Sentinel, server-side
    // hot keys on the master, and every node and Sentinel through its allowlisted /scrape.
    const master = await topology.master();
    const everyNode = [...topology.nodes, ...topology.sentinels];
    const exporter = await startRedisLensExporter(
      `127.0.0.1:${master.port}`,
      [
        `--sentinel.addrs=${topology.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}`,
        `--sentinel.master-name=${topology.masterName}`,
        `--scrape.allowed-targets=${everyNode.map((n) => `redis://127.0.0.1:${n.port}`).join(',')}`,
        '--hotkeys.interval=500ms',
      ],
      // Raw-key opt-in for one prefix, so a hostile key reaches the page as an exported label would. The test's keys
      // are one per name, so their names are declared (a learned name needs k keys: docs/instrument.md).
      {
        REDIS_LENS_KEY_HASH_SECRET: 'e2e',
        REDIS_LENS_RAW_KEY_PREFIXES: '<',
        REDIS_LENS_KEY_PATTERNS: 'session:{id} cart:{id}',
      }
    );
    started.push(() => exporter.stop());

    const alertmanager = await startAlertmanager({
      route: { receiver: 'blackhole', group_wait: '1s', group_interval: '1s' },
      receivers: [{ name: 'blackhole' }],
    });
    started.push(() => alertmanager.stop());

    const rulesDir = tempDir('rules');
    const ruleFile = join(rulesDir, 'redis-lens.rules.yml');
    writeFileSync(ruleFile, JSON.stringify(rules));
    started.push(async () => removeDir(rulesDir));

    // One job per Redis node and Sentinel through the exporter's /scrape?target=, instance = the Redis address.
    const redisTargets: ScrapeTarget[] = [...topology.nodes, ...topology.sentinels].map((node) => ({
      job: `redis-${node.port}`,
      targets: [exporter.address],
      metricsPath: '/scrape',
      params: { target: [`redis://127.0.0.1:${node.port}`] },
      extra: { relabel_configs: [{ target_label: 'instance', replacement: `127.0.0.1:${node.port}` }] },
    }));
    const prometheus = await startPrometheus({
      scrapeTargets: [
        ...redisTargets,
        {
          // The exporter's own /metrics: only what redis-lens adds (the master's INFO series come via /scrape).
          job: 'redis-lens',
          targets: [exporter.address],
          extra: {
            metric_relabel_configs: [
              {
                source_labels: ['__name__'],
                regex: 'redis_(sentinel_(events|failover|current_master|last_failover).*|hotkey.*)',
                action: 'keep',
              },
            ],
          },
        },
      ],
      ruleFiles: [ruleFile],
      evalInterval: '1s',
      alertmanagers: [alertmanager.address],
    });
    started.push(() => prometheus.stop());
    return { topology, prometheus, alertmanager, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
