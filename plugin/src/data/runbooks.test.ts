import { Series } from './series';
import { contextKinds, expandSummary, findRunbook, labelsFromSearch, matchingSeries, runbookHref } from './runbooks';

describe('runbooks', () => {
  it('finds catalog runbooks only', () => {
    expect(findRunbook('RedisDown')?.severity).toBe('critical');
    expect(findRunbook('NoSuchAlert')).toBeUndefined();
  });

  it('picks live context from the alert and its labels', () => {
    expect(contextKinds('RedisHotKey', { pattern: 'session:{id}' })).toEqual(['hotkeys', 'expression']);
    expect(contextKinds('RedisFailoverHappened', { master_name: 'mymaster' })).toEqual(['failover', 'expression']);
    expect(contextKinds('RedisMemoryNearMaxmemory', { instance: 'a:1' })).toEqual(['memory', 'patterns', 'expression']);
    expect(contextKinds('RedisMemoryFullIn', { instance: 'a:1', job: 'redis' })).toEqual([
      'memory',
      'patterns',
      'expression',
    ]);
    expect(contextKinds('RedisDown', { instance: 'a:1' })).toEqual(['instance', 'expression']);
    // An alert added later still gets what its labels allow.
    expect(contextKinds('RedisClusterSomething', { master_name: 'm', instance: 'a:1' })).toEqual([
      'failover',
      'instance',
      'expression',
    ]);
  });

  it('round-trips labels through the page URL', () => {
    const href = runbookHref('RedisDown', { instance: '10.0.0.1:6379', job: 'redis', empty: '' });
    expect(href).toBe(
      '/a/redislens-redis-app/runbooks/RedisDown?alertname=RedisDown&instance=10.0.0.1%3A6379&job=redis'
    );
    expect(labelsFromSearch(href.split('?')[1])).toEqual({
      alertname: 'RedisDown',
      instance: '10.0.0.1:6379',
      job: 'redis',
    });
  });

  it('expands summaries and keeps series that agree with the labels', () => {
    expect(expandSummary('Redis {{ $labels.instance }} is down', { instance: 'a:1' })).toBe('Redis a:1 is down');
    expect(expandSummary('{{ $labels.master_name }} flaps', {})).toBe('<master_name> flaps');
    const series: Series[] = [
      { labels: { instance: 'a:1' }, points: [] },
      { labels: { instance: 'b:1' }, points: [] },
      { labels: {}, points: [] },
    ];
    expect(matchingSeries(series, { instance: 'a:1' }, ['instance']).map((s) => s.labels.instance)).toEqual([
      'a:1',
      undefined,
    ]);
  });
});
