import { buildAlertRows, RulesBody, safeUrl } from './alerts';

const rules: RulesBody = {
  status: 'success',
  data: {
    groups: [
      {
        name: 'redis-lens',
        file: 'redis.rules.yml',
        rules: [
          {
            name: 'RedisDown',
            type: 'alerting',
            state: 'firing',
            labels: { severity: 'critical' },
            annotations: { summary: 'Redis is down', runbook_url: 'https://runbooks.example/redis-down' },
            alerts: [
              { activeAt: '2026-01-01T00:00:05Z', annotations: { summary: 'Redis 10.0.0.1:6379 is down' } },
              { activeAt: '2026-01-01T00:00:01Z' },
            ],
          },
          {
            name: 'RedisHotKey',
            type: 'alerting',
            state: 'inactive',
            annotations: { runbook_url: 'javascript:alert(1)' },
          },
          { name: 'redis:rate', type: 'recording' },
        ],
      },
      { name: 'node', file: 'node.yml', rules: [{ name: 'NodeDown', type: 'alerting', state: 'firing' }] },
    ],
  },
};

describe('buildAlertRows', () => {
  it('keeps redis-lens alerting rules, firing first, with since, severity and runbook', () => {
    const rows = buildAlertRows(rules, [], 'redis');
    expect(rows.map((r) => r.name)).toEqual(['RedisDown', 'RedisHotKey']);
    expect(rows[0]).toMatchObject({
      state: 'firing',
      severity: 'critical',
      since: Date.parse('2026-01-01T00:00:01Z'),
      runbookUrl: 'https://runbooks.example/redis-down',
      summary: 'Redis 10.0.0.1:6379 is down',
      instances: 2,
    });
    expect(rows[1].runbookUrl).toBeUndefined();
  });

  it('marks a firing rule whose Alertmanager alerts are all silenced as suppressed', () => {
    const rows = buildAlertRows(
      rules,
      [{ labels: { alertname: 'RedisDown' }, status: { state: 'suppressed' } }],
      'redis'
    );
    expect(rows[0].state).toBe('suppressed');
  });

  it('survives a bad filter regex and empty bodies', () => {
    expect(buildAlertRows(rules, [], '(').map((r) => r.name)).toContain('RedisDown');
    expect(buildAlertRows({}, [], 'redis')).toEqual([]);
  });

  it('only allows http(s) runbook links', () => {
    expect(safeUrl('https://x.example/a')).toBe('https://x.example/a');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });
});
