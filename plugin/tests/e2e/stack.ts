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
import { alertmanagerConfig } from '../../../bundle/src/alertmanager-config';
import { ALERTS } from '../../../bundle/src/alerts';
import { NOTIFICATION_TEMPLATES } from '../../../bundle/src/notification-templates';
import { SHIPPED_PARAMS, type BundleParams } from '../../../bundle/src/params';
import { ROUTING, withTimings } from '../../../bundle/src/routing';
import { runbookUrl } from '../../../bundle/src/runbook-url';
import {
  startPagerDutyStandIn,
  startSlackStandIn,
  type PagerDutyEvent,
  type StandIn,
} from '../../../bundle/test/support/receivers';

const catalog = (name: string) => ALERTS.find((a) => a.name === name)!;

/**
 * redis-lens rules with quick expressions (RedisHotKey fires as soon as hot keys are seen, RedisDown once the old
 * master is killed) and the catalog's own summary and generated runbook_url, pointing at this test's Grafana.
 */
function rules(params: BundleParams) {
  const rule = (name: string, expr: string) => ({
    alert: name,
    expr,
    labels: { severity: catalog(name).severity },
    annotations: { summary: catalog(name).summary, runbook_url: runbookUrl(catalog(name), params) },
  });
  return {
    groups: [
      {
        name: 'redis-lens',
        rules: [rule('RedisDown', 'redis_up == 0'), rule('RedisHotKey', 'redis_hotkey_lfu_frequency >= 10')],
      },
    ],
  };
}

export interface Stack {
  topology: SentinelTopology;
  prometheus: PrometheusServer;
  alertmanager: AlertmanagerServer;
  /** PagerDuty cannot be reached from here: a stand-in with its Events API v2 shape receives the pages. */
  pagerduty: StandIn<PagerDutyEvent>;
  /** The exporter's own scrape address: the `instance` of its /metrics series (hot keys, failovers). */
  exporterAddress: string;
  stop(): Promise<void>;
}

/**
 * Real Sentinel topology + the redis-lens exporter (features and multi-target /scrape) + Prometheus + Alertmanager
 * with the bundle's receivers; `grafanaRootUrl` is the stand-in Grafana the runbook links point at.
 */
export async function startStack(grafanaRootUrl: string): Promise<Stack> {
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

    const pagerduty = await startPagerDutyStandIn();
    started.push(() => pagerduty.stop());
    const slack = await startSlackStandIn();
    started.push(() => slack.stop());
    const params: BundleParams = {
      ...SHIPPED_PARAMS,
      grafanaRootUrl,
      routing: withTimings(ROUTING, { groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' }),
      alertmanager: {
        pagerdutyUrl: pagerduty.url,
        pagerdutyRoutingKey: { inline: 'R0123456789abcdef0123456789abcde' },
        slackWebhook: { inline: slack.url },
      },
    };

    const rulesDir = tempDir('rules');
    started.push(async () => removeDir(rulesDir));
    const ruleFile = join(rulesDir, 'redis-lens.rules.yml');
    writeFileSync(ruleFile, JSON.stringify(rules(params)));
    const templateFile = join(rulesDir, 'redis-lens.tmpl');
    writeFileSync(templateFile, NOTIFICATION_TEMPLATES);

    const alertmanager = await startAlertmanager({ ...alertmanagerConfig(params), templates: [templateFile] });
    started.push(() => alertmanager.stop());

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
    return { topology, prometheus, alertmanager, pagerduty, exporterAddress: exporter.address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
