// The generator's parts for the Helm chart (deploy/helm/redis-lens): the AlertmanagerConfig spec follows the routing
// tree, notification templates inline correctly, and every value in values.yaml is documented in the table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertmanagerConfigSpec, defineBody, inlineTemplates } from '../src/alertmanager-config-crd';
import { CHART_DIR } from '../src/helm-chart';
import { valuesRows } from '../src/helm-values-doc';
import { NOTIFICATION_TEMPLATES } from '../src/notification-templates';
import { REPO_ROOT } from '../src/outputs';
import { RECEIVER_NAMES, ROUTING } from '../src/routing';

describe('AlertmanagerConfig spec', () => {
  it('routes each severity as the routing tree does', () => {
    const spec = alertmanagerConfigSpec({ routing: ROUTING });
    expect(spec.route.receiver).toBe(RECEIVER_NAMES[ROUTING.defaultReceiver]);
    expect(spec.route.groupBy).toEqual(ROUTING.groupBy);
    expect(spec.route.routes.map((r) => [r.matchers[0].value, r.receiver, r.muteTimeIntervals ?? []])).toEqual(
      ROUTING.routes.map((r) => [r.severity, RECEIVER_NAMES[r.receiver], r.muteTimings]),
    );
    expect(spec.muteTimeIntervals.map((m) => m.name)).toEqual(ROUTING.muteTimings.map((m) => m.name));
  });

  it('refuses a mute timing outside UTC (v1alpha1 time intervals have no location)', () => {
    const routing = { ...ROUTING, muteTimings: [{ ...ROUTING.muteTimings[0], location: 'Europe/Berlin' }] };
    expect(() => alertmanagerConfigSpec({ routing })).toThrow(/UTC/);
  });

  it('inlines each notification template with its nested blocks intact', () => {
    const body = defineBody(NOTIFICATION_TEMPLATES, 'redislens.text')!;
    expect(body.startsWith('{{ range .Alerts }}')).toBe(true);
    expect(body.endsWith('{{ end }}')).toBe(true);
    expect(inlineTemplates('x {{ template "redislens.runbook" . }} y')).toBe(
      'x {{ with index .Alerts 0 }}{{ .Annotations.runbook_url }}{{ end }} y',
    );
    expect(() => inlineTemplates('{{ template "nope" . }}')).toThrow(/nope/);
  });
});

describe('chart values table', () => {
  const values = readFileSync(join(REPO_ROOT, CHART_DIR, 'values.yaml'), 'utf8');

  it('documents every value', () => {
    const keys = valuesRows(values).map((row) => row.key);
    expect(keys).toEqual(expect.arrayContaining(['mode', 'redis.addr', 'fleet.shards', 'grafana.dashboards.label']));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('fails on a value without a description', () => {
    expect(() => valuesRows('a: 1\n')).toThrow(/a has no/);
  });
});
