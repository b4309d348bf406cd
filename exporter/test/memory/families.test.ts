import { memoryFamilies } from '../../src/memory/families';
import { familiesToMetricData } from '../../src/producer';

describe('memory families', () => {
  const view = {
    estimates: new Map(),
    sources: new Map([['keysizes', { available: false, reason: 'not_supported' }]]),
    used: 100,
    limit: { bytes: 1000, source: 'maxmemory' as const },
    slope: 0,
    timeToFull: Infinity,
    databases: 2,
  };

  it('exports +Inf time to full for Prometheus, and drops it for OTLP (JSON has no Infinity)', () => {
    const families = memoryFamilies(view);
    const ttf = (allow: boolean) =>
      familiesToMetricData(families, [0, 0], [1, 0], allow).find(
        (m) => m.descriptor.name === 'redis_memory_time_to_full_seconds',
      );
    expect(ttf(true)?.dataPoints[0].value).toBe(Infinity);
    expect(ttf(false)).toBeUndefined();
  });

  it('says which sources are absent and gives every configured db a distinct-groups series', () => {
    const families = memoryFamilies(view);
    const byName = (n: string) => families.find((f) => f.name === n)?.series;
    expect(byName('redis_memory_source_available')).toEqual([
      { labels: { source: 'keysizes', reason: 'not_supported' }, value: 0 },
    ]);
    expect(byName('redis_number_of_distinct_key_groups')).toHaveLength(2);
    expect(byName('redis_memory_limit_bytes')).toEqual([{ labels: { source: 'maxmemory' }, value: 1000 }]);
  });
});
