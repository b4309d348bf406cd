// Every alert has a runbook in docs/runbooks/ with diagnosis steps and real commands, and its runbook_url opens
// that runbook's page in the app plugin under the Grafana root URL compose gives Grafana.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALERTS, runbookPath } from '../src/alerts';
import { REPO_ROOT } from '../src/outputs';
import { SHIPPED_PARAMS } from '../src/params';
import { PLUGIN_RUNBOOKS_MODULE } from '../src/runbook-pages';
import { expandedRunbookUrl, goQueryEscape, runbookLabels, runbookUrl } from '../src/runbook-url';

describe('runbooks', () => {
  it.each(ALERTS.map((a) => [a.name, a]))('%s has a runbook with diagnosis commands', (_name, alert) => {
    const file = join(REPO_ROOT, runbookPath(alert));
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(new RegExp(`^# ${alert.name} \\(${alert.severity}\\)`));
    expect(text).toContain('## Diagnosis');
    expect(text).toMatch(/redis-cli|curl/);
    // Bundled into the plugin (generated module), so the page serves this very text.
    expect(readFileSync(join(REPO_ROOT, PLUGIN_RUNBOOKS_MODULE), 'utf8')).toContain(JSON.stringify(text));
  });

  it.each(ALERTS.map((a) => [a.name, a]))('%s runbook_url is its page in the app plugin', (_name, alert) => {
    const template = runbookUrl(alert, SHIPPED_PARAMS);
    expect(template.startsWith(`http://localhost:3000/a/redislens-redis-app/runbooks/${alert.name}?`)).toBe(true);
    for (const label of runbookLabels(alert)) {
      expect(template).toContain(`{{ with $labels.${label} }}&${label}={{ urlquery . }}{{ end }}`);
    }
    // Every label an annotation names reaches the page.
    for (const [, label] of `${alert.summary}${alert.description}`.matchAll(/\$labels\.(\w+)/g)) {
      expect(runbookLabels(alert)).toContain(label);
    }
  });

  it('expands like Go url.QueryEscape and leaves absent labels out', () => {
    expect(goQueryEscape("a b:c/d?e&f=g!'()*~-_.é")).toBe('a+b%3Ac%2Fd%3Fe%26f%3Dg%21%27%28%29%2A~-_.%C3%A9');
    const down = ALERTS.find((a) => a.name === 'RedisDown')!;
    expect(expandedRunbookUrl(down, SHIPPED_PARAMS, { instance: '10.0.0.1:6379' })).toBe(
      'http://localhost:3000/a/redislens-redis-app/runbooks/RedisDown?alertname=RedisDown&instance=10.0.0.1%3A6379',
    );
  });

  it('the root URL is the one compose gives Grafana (GF_SERVER_ROOT_URL)', () => {
    const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
    const rootUrl = compose.services.grafana.environment.GF_SERVER_ROOT_URL;
    expect(rootUrl.replace(/\/+$/, '')).toBe(SHIPPED_PARAMS.grafanaRootUrl.replace(/\/+$/, ''));
    // The host port Grafana is published on.
    expect(compose.services.grafana.ports).toContain(`127.0.0.1:${new URL(rootUrl).port}:3000`);
  });
});
