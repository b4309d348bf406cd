import { ALERTS, type AlertDefinition } from './alerts';
import { NOTIFICATION_TEMPLATES, TEMPLATE_GROUP_NAME } from './notification-templates';
import { PROMETHEUS_DS_UID, type BundleParams } from './params';
import { runbookUrl } from './runbook-url';
import { RECEIVER_NAMES, timeIntervals, timingFields, type RoutingTree } from './routing';

/** Grafana alerting file provisioning (apiVersion 1): rules, contact points, policies, templates, mute timings. */
const ORG_ID = 1;
export const ALERT_FOLDER = 'redis-lens';
/** Range the Prometheus query is evaluated over; Grafana rejects a zero range. Covers the longest `[30m]` window. */
const QUERY_RANGE_SECONDS = 600;

function ruleUid(alert: AlertDefinition): string {
  // Grafana uids are at most 40 characters.
  return `redislens-${alert.name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`.slice(0, 40);
}

function grafanaRule(alert: AlertDefinition, params: BundleParams) {
  const range = { from: QUERY_RANGE_SECONDS, to: 0 };
  return {
    uid: ruleUid(alert),
    title: alert.name,
    condition: 'C',
    data: [
      {
        refId: 'A',
        relativeTimeRange: range,
        datasourceUid: PROMETHEUS_DS_UID,
        model: {
          refId: 'A',
          expr: alert.query,
          instant: true,
          range: false,
          datasource: { type: 'prometheus', uid: PROMETHEUS_DS_UID },
        },
      },
      {
        refId: 'B',
        relativeTimeRange: range,
        datasourceUid: '__expr__',
        model: {
          refId: 'B',
          type: 'reduce',
          expression: 'A',
          reducer: 'last',
          settings: { mode: 'dropNN' },
          datasource: { type: '__expr__', uid: '__expr__' },
        },
      },
      {
        refId: 'C',
        relativeTimeRange: range,
        datasourceUid: '__expr__',
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: { type: alert.comparator === '>' ? 'gt' : 'lt', params: [alert.threshold] } }],
          datasource: { type: '__expr__', uid: '__expr__' },
        },
      },
    ],
    // No series means nothing to alert on (e.g. no Sentinel deployed); RedisDown and scrape errors cover a dead exporter.
    noDataState: 'OK',
    execErrState: 'Error',
    for: alert.for,
    annotations: { summary: alert.summary, description: alert.description, runbook_url: runbookUrl(alert, params) },
    labels: { severity: alert.severity },
    isPaused: false,
  };
}

export function grafanaAlertRules(params: BundleParams, alerts: readonly AlertDefinition[] = ALERTS) {
  return {
    apiVersion: 1,
    groups: [
      {
        orgId: ORG_ID,
        name: 'redis-lens',
        folder: ALERT_FOLDER,
        interval: params.grafanaRuleInterval,
        rules: alerts.map((alert) => grafanaRule(alert, params)),
      },
    ],
  };
}

export function grafanaContactPoints() {
  return {
    apiVersion: 1,
    contactPoints: [
      {
        orgId: ORG_ID,
        name: RECEIVER_NAMES.pagerduty,
        receivers: [
          {
            uid: 'redislens-pagerduty',
            type: 'pagerduty',
            settings: {
              // Grafana expands $VARIABLES in provisioned settings: the key never lands in a file.
              integrationKey: '$PAGERDUTY_INTEGRATION_KEY',
              severity: 'critical',
              summary: '{{ template "redislens.title" . }}',
              details: {
                runbook_url: '{{ template "redislens.runbook" . }}',
                alerts: '{{ template "redislens.text" . }}',
              },
            },
            disableResolveMessage: false,
          },
        ],
      },
      {
        orgId: ORG_ID,
        name: RECEIVER_NAMES.slack,
        receivers: [
          {
            uid: 'redislens-slack',
            type: 'slack',
            settings: {
              url: '$SLACK_WEBHOOK_URL',
              title: '{{ template "redislens.title" . }}',
              text: '{{ template "redislens.text" . }}',
            },
            disableResolveMessage: false,
          },
        ],
      },
    ],
  };
}

export function grafanaPolicies(tree: RoutingTree) {
  return {
    apiVersion: 1,
    policies: [
      {
        orgId: ORG_ID,
        receiver: RECEIVER_NAMES[tree.defaultReceiver],
        group_by: tree.groupBy,
        ...timingFields(tree.defaultTimings),
        routes: tree.routes.map((route) => ({
          receiver: RECEIVER_NAMES[route.receiver],
          object_matchers: [['severity', '=', route.severity]],
          ...timingFields(route.timings),
          ...(route.muteTimings.length ? { mute_time_intervals: route.muteTimings } : {}),
        })),
      },
    ],
  };
}

export function grafanaTemplates() {
  return { apiVersion: 1, templates: [{ orgId: ORG_ID, name: TEMPLATE_GROUP_NAME, template: NOTIFICATION_TEMPLATES }] };
}

export function grafanaMuteTimings(tree: RoutingTree) {
  return {
    apiVersion: 1,
    muteTimes: tree.muteTimings.map((mute) => ({
      orgId: ORG_ID,
      name: mute.name,
      time_intervals: timeIntervals(mute),
    })),
  };
}
