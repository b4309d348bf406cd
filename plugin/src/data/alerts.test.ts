import { buildAlertRows, groupFiringAlerts, RulesBody, safeUrl } from './alerts';

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
            name: 'RedisCustom',
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
    expect(rows.map((r) => r.name)).toEqual(['RedisDown', 'RedisCustom']);
    expect(rows[0]).toMatchObject({
      state: 'firing',
      severity: 'critical',
      since: Date.parse('2026-01-01T00:00:01Z'),
      // A catalog alert links to its page in the app, not to the rule's (unexpanded) annotation.
      runbookUrl: '/a/redislens-redis-app/runbooks/RedisDown?alertname=RedisDown',
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

describe('groupFiringAlerts', () => {
  it('groups redis-lens alerts by Sentinel group or instance, critical groups first', () => {
    const groups = groupFiringAlerts(
      [
        {
          labels: { alertname: 'RedisHotKey', severity: 'warning', instance: 'a:1' },
          startsAt: '2026-01-01T00:00:00Z',
        },
        { labels: { alertname: 'RedisDown', severity: 'critical', instance: 'b:1' }, status: { state: 'active' } },
        { labels: { alertname: 'RedisEvictingKeys', severity: 'warning', instance: 'a:1' } },
        { labels: { alertname: 'RedisFailoverHappened', severity: 'warning', master_name: 'mymaster' } },
        { labels: { alertname: 'RedisNoMaster', severity: 'critical' }, status: { state: 'suppressed' } },
        { labels: { alertname: 'NodeDown', instance: 'a:1' } },
      ],
      'redis'
    );
    expect(groups.map((g) => g.title)).toEqual(['instance b:1', 'no instance', 'group mymaster', 'instance a:1']);
    expect(groups[3].alerts.map((a) => a.name)).toEqual(['RedisEvictingKeys', 'RedisHotKey']);
    expect(groups[1].alerts[0].state).toBe('suppressed');
    expect(groups[3].alerts[1].since).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });
});
