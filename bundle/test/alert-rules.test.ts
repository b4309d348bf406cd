// The generated Prometheus rules, checked by the real promtool: syntax (`check rules`) and behaviour
// (`test rules`: every alert fires on its fault series and stays silent on healthy ones).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, runTool, tempDir } from '@redis-lens/testkit';
import { stringify } from 'yaml';
import { ALERTS, alertExpr } from '../src/alerts';
import { grafanaAlertRules } from '../src/grafana-alerting';
import { SHIPPED_PARAMS } from '../src/params';
import { prometheusRules } from '../src/prometheus-rules';
import { expandedRunbookUrl } from '../src/runbook-url';
import { toYaml } from '../src/yaml-output';
import { ALERT_FIXTURES, expandLabels } from './support/alert-fixtures';

describe('Prometheus alert rules', () => {
  let dir: string;
  let rulesFile: string;

  beforeAll(() => {
    dir = tempDir('bundle-rules');
    rulesFile = join(dir, 'redis-lens.rules.yml');
    writeFileSync(rulesFile, toYaml(prometheusRules(SHIPPED_PARAMS)));
  });
  afterAll(() => removeDir(dir));

  it('the catalog covers the required faults with at least 12 alerts, each with runbook, summary and severity', () => {
    expect(ALERTS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ALERTS.map((a) => a.name)).size).toBe(ALERTS.length);
    for (const alert of ALERTS) {
      expect(alert.summary).not.toBe('');
      expect(alert.description).not.toBe('');
      expect(['critical', 'warning']).toContain(alert.severity);
    }
  });

  it('promtool check rules accepts the generated file', () => {
    const result = runTool('promtool', ['check', 'rules', rulesFile]);
    expect(result.stdout + result.stderr).toContain(`SUCCESS: ${ALERTS.length} rules found`);
    expect(result.status).toBe(0);
  });

  it('promtool test rules: every alert fires on its fault and stays silent when healthy', () => {
    const tests = ALERTS.flatMap((alert) => {
      const fixture = ALERT_FIXTURES[alert.name];
      if (!fixture) throw new Error(`no fixture for ${alert.name} in support/alert-fixtures.ts`);
      const labels = { ...fixture.labels, severity: alert.severity };
      const expected = {
        exp_labels: labels,
        exp_annotations: {
          summary: expandLabels(alert.summary, labels),
          description: expandLabels(alert.description, labels),
          runbook_url: expandedRunbookUrl(alert, SHIPPED_PARAMS, labels),
        },
      };
      const check = (series: typeof fixture.fault, alerts: object[]) => ({
        name: `${alert.name} ${alerts.length ? 'fires on fault' : 'silent when healthy'}`,
        interval: '15s',
        input_series: series,
        alert_rule_test: [{ eval_time: fixture.evalTime, alertname: alert.name, exp_alerts: alerts }],
      });
      return [check(fixture.fault, [expected]), check(fixture.healthy, [])];
    });
    const testFile = join(dir, 'redis-lens.test.yml');
    writeFileSync(
      testFile,
      stringify({ rule_files: [rulesFile], evaluation_interval: '15s', tests }, { lineWidth: 0 }),
    );
    const result = runTool('promtool', ['test', 'rules', testFile]);
    if (result.status !== 0) throw new Error(`promtool test rules failed:\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toContain('SUCCESS');
  });

  it('Grafana and Prometheus evaluate the same expression, duration, labels and annotations', () => {
    const prom = prometheusRules(SHIPPED_PARAMS).groups[0].rules;
    const grafana = grafanaAlertRules(SHIPPED_PARAMS).groups[0].rules;
    expect(grafana.map((r) => r.title)).toEqual(prom.map((r) => r.alert));
    ALERTS.forEach((alert, i) => {
      const [query, , threshold] = grafana[i].data;
      expect(prom[i].expr).toBe(alertExpr(alert));
      expect(query.model.expr).toBe(alert.query);
      expect((threshold.model.conditions as Array<{ evaluator: object }>)[0].evaluator).toEqual({
        type: alert.comparator === '>' ? 'gt' : 'lt',
        params: [alert.threshold],
      });
      expect(grafana[i].for).toBe(prom[i].for ?? '0s');
      expect(grafana[i].labels).toEqual(prom[i].labels);
      expect(grafana[i].annotations).toEqual(prom[i].annotations);
    });
  });
});
