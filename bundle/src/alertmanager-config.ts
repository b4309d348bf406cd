import type { BundleParams } from './params';
import { RECEIVER_NAMES, timeIntervals, timingFields, type RoutingTree } from './routing';

export const ALERTMANAGER_TEMPLATE_FILE = 'templates/redis-lens.tmpl';

const secret = (value: { file: string } | { inline: string }, key: string) =>
  'file' in value ? { [`${key}_file`]: value.file } : { [key]: value.inline };

/** `collector/alertmanager/alertmanager.yml`: the routing tree for operators who page from Prometheus + Alertmanager. */
export function alertmanagerConfig(params: BundleParams) {
  const tree: RoutingTree = params.routing;
  const am = params.alertmanager;
  return {
    templates: [ALERTMANAGER_TEMPLATE_FILE],
    route: {
      receiver: RECEIVER_NAMES[tree.defaultReceiver],
      group_by: tree.groupBy,
      ...timingFields(tree.defaultTimings),
      routes: tree.routes.map((route) => ({
        receiver: RECEIVER_NAMES[route.receiver],
        matchers: [`severity="${route.severity}"`],
        ...timingFields(route.timings),
        ...(route.muteTimings.length ? { mute_time_intervals: route.muteTimings } : {}),
      })),
    },
    receivers: [
      {
        name: RECEIVER_NAMES.pagerduty,
        pagerduty_configs: [
          {
            ...secret(am.pagerdutyRoutingKey, 'routing_key'),
            ...(am.pagerdutyUrl ? { url: am.pagerdutyUrl } : {}),
            send_resolved: true,
            severity: 'critical',
            description: '{{ template "redislens.title" . }}',
            details: {
              runbook_url: '{{ template "redislens.runbook" . }}',
              alerts: '{{ template "redislens.text" . }}',
            },
            links: [{ href: '{{ template "redislens.runbook" . }}', text: 'Runbook' }],
          },
        ],
      },
      {
        name: RECEIVER_NAMES.slack,
        slack_configs: [
          {
            ...secret(am.slackWebhook, 'api_url'),
            send_resolved: true,
            title: '{{ template "redislens.title" . }}',
            text: '{{ template "redislens.text" . }}',
          },
        ],
      },
    ],
    time_intervals: tree.muteTimings.map((mute) => ({
      name: mute.name,
      time_intervals: timeIntervals(mute),
    })),
  };
}
