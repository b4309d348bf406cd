// Generated dashboards: valid against the foundation SDK's dashboard JSON schema, every PromQL query accepted by a
// real Prometheus (a parse error is an HTTP 400), and the plugin's panels used where they belong.
// Whether the queries return data needs the real exporter and demo, which join at merge.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPrometheus, type PrometheusServer } from '@redis-lens/testkit';
import { ALERTS } from '../src/alerts';
import { dashboardFiles } from '../src/dashboards';
import { schemaValidator } from './support/schema-validator';

const schema = JSON.parse(readFileSync(join(__dirname, 'schemas', 'grafana-dashboard.jsonschema.json'), 'utf8'));
const dashboards = Object.entries(dashboardFiles()).map(([path, text]) => ({ path, json: JSON.parse(text) }));

interface Panel {
  type: string;
  title?: string;
  panels?: Panel[];
  targets?: Array<{ expr?: string; datasource?: { type: string } }>;
}
const panelsOf = (d: { panels: Panel[] }): Panel[] => d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);

/** Grafana variables replaced by values Prometheus can parse (the real ones are substituted by Grafana). */
export function withVariablesReplaced(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m').replace(/\$\{?\w+\}?/g, 'x');
}

describe('dashboards', () => {
  it('there are the seven dashboards with unique uids', () => {
    expect(dashboards.map((d) => d.path).sort()).toEqual([
      'dashboards/hot-keys.json',
      'dashboards/redis-cluster.json',
      'dashboards/redis-memory.json',
      'dashboards/redis-overview.json',
      'dashboards/sentinel-failover.json',
      'dashboards/sessions.json',
      'dashboards/traces.json',
    ]);
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(dashboards.length);
  });

  it.each(dashboards.map((d) => [d.path, d.json]))('%s is valid against the dashboard JSON schema', (_path, json) => {
    const validate = schemaValidator().compile(schema);
    const valid = validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("uses the plugin's panels beside standard ones", () => {
    const types = dashboards.flatMap((d) => panelsOf(d.json).map((p) => p.type));
    for (const pluginPanel of ['redislens-hotkeys-panel', 'redislens-failover-panel', 'redislens-alerts-panel']) {
      expect(types).toContain(pluginPanel);
    }
    expect(types).toEqual(expect.arrayContaining(['timeseries', 'stat', 'table', 'nodeGraph']));
  });

  describe('PromQL parsed by a real Prometheus', () => {
    let prometheus: PrometheusServer;
    beforeAll(async () => {
      prometheus = await startPrometheus();
    });
    afterAll(async () => {
      await prometheus?.stop();
    });

    const queries = [
      ...dashboards.flatMap((d) =>
        panelsOf(d.json).flatMap((p) =>
          (p.targets ?? []).filter((t) => t.expr).map((t) => [`${d.path} "${p.title}"`, t.expr as string]),
        ),
      ),
      ...ALERTS.map((a) => [`alert ${a.name} (Grafana query)`, a.query]),
    ];

    it('there are queries to check', () => expect(queries.length).toBeGreaterThan(40));

    it.each(queries)('%s', async (_where, expr) => {
      // query() throws with Prometheus's error on a 400 (bad_data: parse error).
      await expect(prometheus.query(withVariablesReplaced(expr))).resolves.toBeDefined();
    });

    it('a broken query is rejected (the check can fail)', async () => {
      await expect(prometheus.query('sum by (instance (redis_up)')).rejects.toThrow(/parse error/);
    });
  });
});
