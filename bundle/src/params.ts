import { HOT_KEY_ACCESSES_PER_MINUTE } from './alerts';
import { MEMORY_FULL_IN_SECONDS } from './memory-alerts';
import { ROUTING, type RoutingTree } from './routing';

/** Fixed datasource uids: alert rules and dashboards refer to them. */
export const PROMETHEUS_DS_UID = 'redislens-prometheus';
export const TEMPO_DS_UID = 'redislens-tempo';

/** Everything the generator varies. The shipped files use `SHIPPED_PARAMS`; tests pass shorter intervals and local receivers. */
export interface BundleParams {
  /**
   * Grafana's public root URL (what `GF_SERVER_ROOT_URL` is set to): every `runbook_url` opens the app plugin's
   * runbook page under it (runbook-url.ts). docker-compose.yml sets the same value; bundle/test/runbooks.test.ts
   * checks they agree.
   */
  grafanaRootUrl: string;
  routing: RoutingTree;
  /** Hot-key threshold in accesses/min: the RedisHotKey rule and the plugin's hot-key views (app jsonData). */
  hotKeyAccessesPerMinute: number;
  /**
   * RedisMemoryFullIn fires when the forecast time to the memory limit is below this many seconds (shipped 4 h); the
   * plugin's Memory page marks the same threshold (app jsonData `memoryFullInSeconds`).
   */
  memoryFullInSeconds: number;
  /** Evaluation interval of the Prometheus rule group. */
  prometheusRuleInterval: string;
  /** Evaluation interval of the Grafana rule group (Grafana's minimum is 10s). */
  grafanaRuleInterval: string;
  alertmanager: {
    /** PagerDuty Events API v2 URL; Alertmanager's default when absent. */
    pagerdutyUrl?: string;
    /** Routing key from a file (shipped: a mounted secret) or inline (tests only). */
    pagerdutyRoutingKey: { file: string } | { inline: string };
    slackWebhook: { file: string } | { inline: string };
  };
}

export const SHIPPED_PARAMS: BundleParams = {
  grafanaRootUrl: 'http://localhost:3000/',
  routing: ROUTING,
  hotKeyAccessesPerMinute: HOT_KEY_ACCESSES_PER_MINUTE,
  memoryFullInSeconds: MEMORY_FULL_IN_SECONDS,
  // Short enough that fault → page stays within 20 s with the exporter scraped every 5 s.
  prometheusRuleInterval: '5s',
  grafanaRuleInterval: '10s',
  alertmanager: {
    pagerdutyRoutingKey: { file: '/etc/alertmanager/secrets/pagerduty-routing-key' },
    slackWebhook: { file: '/etc/alertmanager/secrets/slack-webhook-url' },
  },
};
