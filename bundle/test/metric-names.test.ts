// docs/metrics.md is the name contract: every metric an alert, dashboard or datasource query uses must be listed
// there (histogram series by their base name), so a typo or an invented name fails here, not in production.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERTS } from '../src/alerts';
import { dashboardFiles } from '../src/dashboards';
import { REPO_ROOT } from '../src/outputs';

const contract = readFileSync(join(REPO_ROOT, 'docs/metrics.md'), 'utf8');
// Metric names, plus OTel attribute names as Prometheus labels (`db.client.connection.state` → `db_client_connection_state`).
const documented = new Set(
  [...contract.matchAll(/`([a-z_][a-z0-9_.]*)(?:\{[^`]*\})?`/g)].map((m) => m[1].replace(/\./g, '_')),
);

// A name followed by a label matcher operator (`redis_mode!="cluster"`) is a label, not a metric.
export const METRIC_NAME = /\b((?:redis|redislens|db_client|traces)_[a-z0-9_]+)\b(?!\s*(?:=|!=|=~|!~)")/g;
const baseName = (name: string) => name.replace(/_(bucket|count|sum)$/, '');

describe('metric names follow docs/metrics.md', () => {
  const sources: Array<[string, string]> = [
    ...ALERTS.map((a): [string, string] => [`alert ${a.name}`, a.query]),
    ...Object.entries(dashboardFiles()),
    [
      'provisioning/datasources/datasources.yaml',
      readFileSync(join(REPO_ROOT, 'provisioning/datasources/datasources.yaml'), 'utf8'),
    ],
  ];

  it.each(sources)('%s uses only documented names', (_source, text) => {
    const names = [...text.matchAll(METRIC_NAME)]
      .map((m) => m[1])
      .filter((n) => !n.startsWith('redislens_') || !/^redislens_(hotkeys|sentinel|failover|alerts)_panel$/.test(n));
    const undocumented = names.filter((n) => !documented.has(n) && !documented.has(baseName(n)));
    expect(undocumented).toEqual([]);
  });
});
