import { NOTIFICATION_TEMPLATES } from './notification-templates';
import type { BundleParams } from './params';
import { RECEIVER_NAMES, type RouteTimings, type RoutingTree } from './routing';

/**
 * The same routing tree as `collector/alertmanager/alertmanager.yml`, as the spec of a Prometheus Operator
 * `AlertmanagerConfig` (monitoring.coreos.com/v1alpha1) for the Helm chart. Secrets are references to one Secret
 * whose name the chart fills in (ALERTING_SECRET_PLACEHOLDER), never values.
 */
export const ALERTING_SECRET_PLACEHOLDER = 'REDIS_LENS_ALERTING_SECRET';
export const PAGERDUTY_SECRET_KEY = 'pagerduty-routing-key';
export const SLACK_SECRET_KEY = 'slack-webhook-url';

/**
 * An AlertmanagerConfig cannot add template files to the Alertmanager it joins, so each `{{ template "x" . }}`
 * becomes the body of its `define` (the templates are self-contained: none calls another).
 */
export function inlineTemplates(text: string, templates: string = NOTIFICATION_TEMPLATES): string {
  return text.replace(/\{\{ template "([^"]+)" \. \}\}/g, (_whole, name: string) => {
    const body = defineBody(templates, name);
    if (body === undefined) throw new Error(`notification template ${name} is not defined`);
    return body;
  });
}

/** The text between `{{ define "name" }}` and its matching `{{ end }}`, counting nested blocks. */
export function defineBody(templates: string, name: string): string | undefined {
  const start = templates.indexOf(`{{ define "${name}" }}`);
  if (start < 0) return undefined;
  const from = start + `{{ define "${name}" }}`.length;
  let depth = 1;
  const tokens = /\{\{-?\s*(if|range|with|define|block|end)\b[^}]*\}\}/g;
  tokens.lastIndex = from;
  for (let m = tokens.exec(templates); m; m = tokens.exec(templates)) {
    depth += m[1] === 'end' ? -1 : 1;
    if (depth === 0) return templates.slice(from, m.index);
  }
  return undefined;
}

const timings = (t: RouteTimings) => ({
  groupWait: t.groupWait,
  groupInterval: t.groupInterval,
  repeatInterval: t.repeatInterval,
});

const secretRef = (key: string) => ({ name: ALERTING_SECRET_PLACEHOLDER, key });

/** `spec` of the chart's AlertmanagerConfig. */
export function alertmanagerConfigSpec(params: Pick<BundleParams, 'routing'>) {
  const tree: RoutingTree = params.routing;
  for (const mute of tree.muteTimings) {
    // v1alpha1 time intervals have no `location`: they are UTC, so a tree in another zone cannot be rendered here.
    if (mute.location !== 'UTC') throw new Error(`mute timing ${mute.name}: AlertmanagerConfig intervals are UTC`);
  }
  return {
    route: {
      receiver: RECEIVER_NAMES[tree.defaultReceiver],
      groupBy: tree.groupBy,
      ...timings(tree.defaultTimings),
      routes: tree.routes.map((route) => ({
        receiver: RECEIVER_NAMES[route.receiver],
        matchers: [{ name: 'severity', value: route.severity, matchType: '=' }],
        ...timings(route.timings),
        ...(route.muteTimings.length ? { muteTimeIntervals: route.muteTimings } : {}),
      })),
    },
    receivers: [
      {
        name: RECEIVER_NAMES.pagerduty,
        pagerdutyConfigs: [
          {
            routingKey: secretRef(PAGERDUTY_SECRET_KEY),
            sendResolved: true,
            severity: 'critical',
            description: inlineTemplates('{{ template "redislens.title" . }}'),
            details: [
              { key: 'runbook_url', value: inlineTemplates('{{ template "redislens.runbook" . }}') },
              { key: 'alerts', value: inlineTemplates('{{ template "redislens.text" . }}') },
            ],
          },
        ],
      },
      {
        name: RECEIVER_NAMES.slack,
        slackConfigs: [
          {
            apiURL: secretRef(SLACK_SECRET_KEY),
            sendResolved: true,
            title: inlineTemplates('{{ template "redislens.title" . }}'),
            text: inlineTemplates('{{ template "redislens.text" . }}'),
          },
        ],
      },
    ],
    muteTimeIntervals: tree.muteTimings.map((mute) => ({
      name: mute.name,
      timeIntervals: [{ weekdays: mute.weekdays, times: [{ startTime: mute.startTime, endTime: mute.endTime }] }],
    })),
  };
}
