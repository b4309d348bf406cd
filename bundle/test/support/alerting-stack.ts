/**
 * Real Redis → exporter → Prometheus (the generated rules) → Alertmanager (the generated config) → stand-ins for
 * PagerDuty and Slack. Used by the end-to-end test (short intervals) and bench/alerting.bench.ts (shipped ones).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  removeDir,
  startAlertmanager,
  startPrometheus,
  startRedis,
  tempDir,
  type AlertmanagerServer,
  type PrometheusServer,
  type RedisServer,
  startRedisLensExporter,
  type RedisLensExporter,
} from '@redis-lens/testkit';
import { alertmanagerConfig } from '../../src/alertmanager-config';
import { alertsFor, type AlertDefinition } from '../../src/alerts';
import { NOTIFICATION_TEMPLATES } from '../../src/notification-templates';
import type { BundleParams } from '../../src/params';
import { prometheusRules } from '../../src/prometheus-rules';
import { toYaml } from '../../src/yaml-output';
import {
  startPagerDutyStandIn,
  startSlackStandIn,
  type PagerDutyEvent,
  type SlackMessage,
  type StandIn,
} from './receivers';

/** A 32-character key, the length PagerDuty issues. */
export const TEST_ROUTING_KEY = 'R0123456789abcdef0123456789abcde';

export interface AlertingStack {
  redis: RedisServer[];
  exporters: RedisLensExporter[];
  prometheus: PrometheusServer;
  alertmanager: AlertmanagerServer;
  pagerduty: StandIn<PagerDutyEvent>;
  slack: StandIn<SlackMessage>;
  stop(): Promise<void>;
}

export interface AlertingStackOptions {
  /** Generator parameters; the receivers' URLs and keys are filled in here. */
  params: BundleParams;
  /** Scrape interval of the exporter job (the shipped prometheus.yml uses 5s). */
  scrapeInterval: string;
  redisCount?: number;
  /** Rules to load; default the catalog with `params` applied. */
  alerts?: readonly AlertDefinition[];
  /** Extra exporter flags (e.g. fast hot-key cycles). */
  exporterArgs?: string[];
  /** Redis config lines (e.g. an LFU maxmemory-policy). */
  redisConfig?: string[];
  /** Scrape these running servers (e.g. a Sentinel topology the test owns) instead of starting Redis here. */
  redisAddresses?: string[];
}

export async function startAlertingStack(options: AlertingStackOptions): Promise<AlertingStack> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const dir = tempDir('alerting-stack');
  const stopAll = async () => {
    // Reverse order, and every stop attempted even when one fails.
    const results = await Promise.allSettled(started.reverse().map((s) => s.stop()));
    removeDir(dir);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
  };
  try {
    const pagerduty = await startPagerDutyStandIn();
    started.push(pagerduty);
    const slack = await startSlackStandIn();
    started.push(slack);
    const params: BundleParams = {
      ...options.params,
      alertmanager: {
        pagerdutyUrl: pagerduty.url,
        pagerdutyRoutingKey: { inline: TEST_ROUTING_KEY },
        slackWebhook: { inline: slack.url },
      },
    };

    const redis: RedisServer[] = [];
    const exporters: RedisLensExporter[] = [];
    const addresses = options.redisAddresses ?? [];
    for (let i = 0; !options.redisAddresses && i < (options.redisCount ?? 1); i++) {
      const server = await startRedis({ config: options.redisConfig });
      redis.push(server);
      started.push(server);
      addresses.push(`127.0.0.1:${server.port}`);
    }
    for (const address of addresses) {
      const exporter = await startRedisLensExporter(address, options.exporterArgs);
      exporters.push(exporter);
      started.push(exporter);
    }

    const templateFile = join(dir, 'redis-lens.tmpl');
    writeFileSync(templateFile, NOTIFICATION_TEMPLATES);
    const alertmanager = await startAlertmanager({ ...alertmanagerConfig(params), templates: [templateFile] });
    started.push(alertmanager);

    const rulesFile = join(dir, 'redis-lens.rules.yml');
    writeFileSync(rulesFile, toYaml(prometheusRules(params, options.alerts ?? alertsFor(params))));
    const prometheus = await startPrometheus({
      scrapeTargets: [{ job: 'redis', targets: exporters.map((e) => e.address) }],
      ruleFiles: [rulesFile],
      scrapeInterval: options.scrapeInterval,
      evalInterval: params.prometheusRuleInterval,
      alertmanagers: [alertmanager.address],
    });
    started.push(prometheus);
    return { redis, exporters, prometheus, alertmanager, pagerduty, slack, stop: stopAll };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
