// The generated Alertmanager config, checked by the real amtool: it loads, and the tree routes critical alerts to
// PagerDuty and warnings to Slack. Grafana's policy is rendered from the same tree (checked for parity below).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { runTool } from '@redis-lens/testkit';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/outputs';
import { RECEIVER_NAMES, ROUTING } from '../src/routing';

const amConfig = join(REPO_ROOT, 'collector/alertmanager/alertmanager.yml');

function routeOf(labels: string[]): string {
  const result = runTool('amtool', ['config', 'routes', 'test', `--config.file=${amConfig}`, ...labels]);
  if (result.status !== 0) throw new Error(`amtool failed: ${result.stderr}`);
  return result.stdout.trim();
}

describe('routing', () => {
  it('amtool check-config accepts the shipped Alertmanager config', () => {
    const result = runTool('amtool', ['check-config', amConfig]);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('critical → PagerDuty, warning → Slack, anything else → the default (Slack)', () => {
    expect(routeOf(['severity=critical', 'alertname=RedisDown', 'instance=redis-1:9121'])).toBe(
      RECEIVER_NAMES.pagerduty,
    );
    expect(routeOf(['severity=warning', 'alertname=RedisEvictingKeys'])).toBe(RECEIVER_NAMES.slack);
    expect(routeOf(['alertname=SomethingUnlabelled'])).toBe(RECEIVER_NAMES.slack);
  });

  it('amtool --verify.receivers agrees for every catalog severity', () => {
    for (const route of ROUTING.routes) {
      const result = runTool('amtool', [
        'config',
        'routes',
        'test',
        `--config.file=${amConfig}`,
        `--verify.receivers=${RECEIVER_NAMES[route.receiver]}`,
        `severity=${route.severity}`,
      ]);
      expect(result.status).toBe(0);
    }
  });

  it("Grafana's notification policy is the same tree", () => {
    const am = parse(readFileSync(amConfig, 'utf8'));
    const grafana = parse(readFileSync(join(REPO_ROOT, 'provisioning/alerting/policies.yaml'), 'utf8')).policies[0];
    expect(grafana.receiver).toBe(am.route.receiver);
    expect(grafana.group_by).toEqual(am.route.group_by);
    expect(
      grafana.routes.map((r: { receiver: string; object_matchers: string[][]; group_wait: string }) => [
        r.receiver,
        `${r.object_matchers[0][0]}="${r.object_matchers[0][2]}"`,
        r.group_wait,
      ]),
    ).toEqual(
      am.route.routes.map((r: { receiver: string; matchers: string[]; group_wait: string }) => [
        r.receiver,
        r.matchers[0],
        r.group_wait,
      ]),
    );
    const contactPoints = parse(readFileSync(join(REPO_ROOT, 'provisioning/alerting/contact-points.yaml'), 'utf8'));
    expect(contactPoints.contactPoints.map((c: { name: string }) => c.name).sort()).toEqual(
      am.receivers.map((r: { name: string }) => r.name).sort(),
    );
  });
});
