import { silenceFor } from './silences';

describe('silenceFor', () => {
  it('matches exactly the alert labels for the chosen duration', () => {
    const body = silenceFor(
      { instance: '10.0.0.1:6379', alertname: 'RedisDown', severity: 'critical', empty: '' },
      3_600_000,
      '  drill  ',
      'alice',
      Date.parse('2026-01-01T00:00:00Z')
    );
    expect(body).toEqual({
      matchers: [
        { name: 'alertname', value: 'RedisDown', isRegex: false, isEqual: true },
        { name: 'instance', value: '10.0.0.1:6379', isRegex: false, isEqual: true },
        { name: 'severity', value: 'critical', isRegex: false, isEqual: true },
      ],
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2026-01-01T01:00:00.000Z',
      createdBy: 'alice',
      comment: 'drill',
    });
  });
});
