// Every alert's runbook_url points at a runbook in docs/runbooks/ with diagnosis steps and real commands.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERTS, runbookPath } from '../src/alerts';
import { SHIPPED_PARAMS } from '../src/params';
import { runbookUrl } from '../src/prometheus-rules';
import { REPO_ROOT } from '../src/outputs';

describe('runbooks', () => {
  it.each(ALERTS.map((a) => [a.name, a]))('%s has a runbook with diagnosis commands', (_name, alert) => {
    const file = join(REPO_ROOT, runbookPath(alert));
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(new RegExp(`^# ${alert.name} \\(${alert.severity}\\)`));
    expect(text).toContain('## Diagnosis');
    expect(text).toMatch(/redis-cli|curl/);
    expect(runbookUrl(alert, SHIPPED_PARAMS).endsWith(runbookPath(alert).replace('docs/runbooks/', ''))).toBe(true);
  });
});
