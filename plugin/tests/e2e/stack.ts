import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  releasePort,
  removeDir,
  spawnManaged,
  startAlertmanager,
  startPrometheus,
  startSentinelTopology,
  tempDir,
  waitFor,
  type AlertmanagerServer,
  type ManagedProcess,
  type PrometheusServer,
  type ScrapeTarget,
  type SentinelTopology,
} from '@redis-lens/testkit';
import { startStandInMetrics, type StandInMetrics } from './standInMetrics';

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
  metrics: StandInMetrics;
  stop(): Promise<void>;
}

/** Real Sentinel topology + Debian's redis_exporter (multi-target /scrape) + Prometheus + Alertmanager. */
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

    const exporterPort = await freePort();
    const exporterDir = tempDir('redis-exporter');
    const exporter: ManagedProcess = spawnManaged(
      `redis-exporter:${exporterPort}`,
      'prometheus-redis-exporter',
      [`--web.listen-address=127.0.0.1:${exporterPort}`, '--redis.addr=', '--log-format=txt'],
      { logFile: join(exporterDir, 'exporter.log') }
    );
    started.push(async () => {
      await exporter.stop();
      releasePort(exporterPort);
      removeDir(exporterDir);
    });
    await waitFor(`redis exporter on ${exporterPort}`, async () => {
      if (!exporter.isRunning()) {
        throw new Error(`exporter exited:\n${exporter.logs()}`);
      }
      return (await fetch(`http://127.0.0.1:${exporterPort}/health`).catch(() => undefined))?.ok;
    });

    const metrics = await startStandInMetrics(topology.masterName);
    started.push(() => metrics.stop());
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
      targets: [`127.0.0.1:${exporterPort}`],
      metricsPath: '/scrape',
      params: { target: [`redis://127.0.0.1:${node.port}`] },
      extra: { relabel_configs: [{ target_label: 'instance', replacement: `127.0.0.1:${node.port}` }] },
    }));
    const prometheus = await startPrometheus({
      scrapeTargets: [...redisTargets, { job: 'redis-lens-stand-in', targets: [metrics.address] }],
      ruleFiles: [ruleFile],
      evalInterval: '1s',
      alertmanagers: [alertmanager.address],
    });
    started.push(() => prometheus.stop());
    return { topology, prometheus, alertmanager, metrics, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
