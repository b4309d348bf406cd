// Grafana provisioning: datasources with fixed uids that rules and dashboards use, exemplar links under both trace
// id label names, and environment variables that docker-compose.yml actually passes to Grafana.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/outputs';
import { PROMETHEUS_DS_UID, TEMPO_DS_UID } from '../src/params';

const load = (path: string) => parse(readFileSync(join(REPO_ROOT, path), 'utf8'));

describe('Grafana provisioning', () => {
  const datasources = load('provisioning/datasources/datasources.yaml').datasources;
  const prometheus = datasources.find((d: { uid: string }) => d.uid === PROMETHEUS_DS_UID);
  const tempo = datasources.find((d: { uid: string }) => d.uid === TEMPO_DS_UID);

  it('Prometheus exemplars link to Tempo under trace_id and traceID', () => {
    expect(prometheus.jsonData.exemplarTraceIdDestinations).toEqual([
      { name: 'trace_id', datasourceUid: TEMPO_DS_UID },
      { name: 'traceID', datasourceUid: TEMPO_DS_UID },
    ]);
  });

  it('Tempo has traces-to-metrics and the service map on Prometheus', () => {
    expect(tempo.jsonData.tracesToMetrics.datasourceUid).toBe(PROMETHEUS_DS_UID);
    expect(tempo.jsonData.serviceMap.datasourceUid).toBe(PROMETHEUS_DS_UID);
    // `$$` keeps Grafana's `$__tags` from being read as an environment variable.
    for (const q of tempo.jsonData.tracesToMetrics.queries) expect(q.query).toContain('$$__tags');
  });

  it('every datasource uid used by rules and dashboards is provisioned', () => {
    const known = new Set([...datasources.map((d: { uid: string }) => d.uid), '__expr__']);
    const texts = [
      readFileSync(join(REPO_ROOT, 'provisioning/alerting/rules.yaml'), 'utf8'),
      ...readdirSync(join(REPO_ROOT, 'dashboards')).map((f) => readFileSync(join(REPO_ROOT, 'dashboards', f), 'utf8')),
    ];
    for (const text of texts) {
      for (const [, uid] of text.matchAll(/"?(?:datasourceUid|uid)"?: "?(redislens-[a-z]+|__expr__)"?/g)) {
        if (uid.startsWith('redislens-') && !['redislens-prometheus', 'redislens-tempo'].includes(uid)) continue;
        expect(known).toContain(uid);
      }
    }
  });

  it('the app plugin is enabled', () => {
    expect(load('provisioning/plugins/redis-lens.yaml').apps).toEqual([
      expect.objectContaining({ type: 'redislens-redis-app', disabled: false }),
    ]);
  });

  it('contact points take secrets from environment variables that docker-compose.yml passes to Grafana', () => {
    const text = readFileSync(join(REPO_ROOT, 'provisioning/alerting/contact-points.yaml'), 'utf8');
    const variables = [...text.matchAll(/(?<!\$)\$([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
    expect(variables.sort()).toEqual(['PAGERDUTY_INTEGRATION_KEY', 'SLACK_WEBHOOK_URL']);
    const grafanaEnv = load('docker-compose.yml').services.grafana.environment;
    for (const name of variables) expect(grafanaEnv[name]).toBe(`\${${name}:?set ${name} in .env (see .env.example)}`);
  });

  it('alert rules: labels (which Grafana interpolates) carry no `$`', () => {
    for (const rule of load('provisioning/alerting/rules.yaml').groups[0].rules) {
      expect(JSON.stringify(rule.labels)).not.toContain('$');
      expect(rule.data.every((d: { relativeTimeRange: { from: number } }) => d.relativeTimeRange.from > 0)).toBe(true);
    }
  });
});
