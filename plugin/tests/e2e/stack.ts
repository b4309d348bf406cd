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
    const exporterPort = await freePort();
    const exporterDir = tempDir('redis-lens-exporter');
    const master = await topology.master();
    const everyNode = [...topology.nodes, ...topology.sentinels];
    const exporter: ManagedProcess = spawnManaged(
      `redis-lens-exporter:${exporterPort}`,
      process.execPath,
      [
        join(__dirname, '..', '..', '..', 'exporter', 'bin', 'redis-lens-exporter.js'),
        `--web.listen-address=127.0.0.1:${exporterPort}`,
        `--redis.addr=redis://127.0.0.1:${master.port}`,
        `--sentinel.addrs=${topology.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}`,
        `--sentinel.master-name=${topology.masterName}`,
        `--scrape.allowed-targets=${everyNode.map((n) => `redis://127.0.0.1:${n.port}`).join(',')}`,
        '--hotkeys.interval=500ms',
      ],
      {
        // Raw-key opt-in for one prefix, so a hostile key reaches the page as an exported label would.
        env: { ...process.env, REDIS_LENS_KEY_HASH_SECRET: 'e2e', REDIS_LENS_RAW_KEY_PREFIXES: '<' },
        logFile: join(exporterDir, 'exporter.log'),
      }
    );
    started.push(async () => {
      await exporter.stop();
      releasePort(exporterPort);
      removeDir(exporterDir);
    });
    await waitFor(`redis-lens exporter on ${exporterPort}`, async () => {
      if (!exporter.isRunning()) {
        throw new Error(`exporter exited:\n${exporter.logs()}`);
      }
      return (await fetch(`http://127.0.0.1:${exporterPort}/ready`).catch(() => undefined))?.ok;
    });

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
      scrapeTargets: [
        ...redisTargets,
        {
          // The exporter's own /metrics: only what redis-lens adds (the master's INFO series come via /scrape).
          job: 'redis-lens',
          targets: [`127.0.0.1:${exporterPort}`],
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
