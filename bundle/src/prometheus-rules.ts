import { ALERTS, alertExpr, type AlertDefinition } from './alerts';
import type { BundleParams } from './params';
import { runbookUrl } from './runbook-url';

export const RULE_GROUP_NAME = 'redis-lens';

/** The Prometheus rule file (`collector/prometheus/rules/redis-lens.rules.yml`) as an object. */
export function prometheusRules(params: BundleParams, alerts: readonly AlertDefinition[] = ALERTS) {
  return {
    groups: [
      {
        name: RULE_GROUP_NAME,
        interval: params.prometheusRuleInterval,
        rules: alerts.map((alert) => ({
          alert: alert.name,
          expr: alertExpr(alert),
          ...(alert.for !== '0s' ? { for: alert.for } : {}),
          labels: { severity: alert.severity },
          annotations: {
            summary: alert.summary,
            description: alert.description,
            runbook_url: runbookUrl(alert, params),
          },
        })),
      },
    ],
  };
}
