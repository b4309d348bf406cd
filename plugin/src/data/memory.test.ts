import {
  buildMemory,
  combineErrors,
  dbName,
  coverageSummary,
  durationText,
  MemoryInput,
  topGrowers,
  ttlShares,
  withBand,
} from './memory';
import { parsePromResult } from './prometheusResponse';
import { Series } from './series';

const at = (labels: Record<string, string>, ...values: number[]): Series => ({
  labels,
  points: values.map((v, i) => [1000 * (i + 1), v]),
});
const E = '127.0.0.1:9121';
const empty: MemoryInput = {
  bytes: [],
  bytesError: [],
  keys: [],
  keysError: [],
  byTtl: [],
  biggest: [],
  coverage: [],
  sampledKeys: [],
  bytesHistory: [],
  timeToFull: [],
  growth: [],
  limit: [],
  usedHistory: [],
  info: [],
};

describe('buildMemory', () => {
  it('sums each pattern over dbs, combines errors in quadrature and sorts largest first', () => {
    const g = (key_group: string, db: string) => ({ instance: E, key_group, db });
    const model = buildMemory({
      ...empty,
      bytes: [at(g('session:{id}', '0'), 3000), at(g('session:{id}', '1'), 1000), at(g('cart:{id}', '0'), 5000)],
      bytesError: [at(g('session:{id}', '0'), 30), at(g('session:{id}', '1'), 40)],
      keys: [at(g('session:{id}', '0'), 10), at(g('session:{id}', '1'), 5)],
      keysError: [at(g('session:{id}', '0'), 3), at(g('session:{id}', '1'), 4)],
      byTtl: [
        at({ ...g('session:{id}', '0'), ttl: 'lt_1h' }, 2500),
        at({ ...g('session:{id}', '1'), ttl: 'lt_1h' }, 500),
        at({ ...g('session:{id}', '0'), ttl: 'none' }, 1000),
        at({ ...g('session:{id}', '0'), ttl: 'bogus' }, 1),
      ],
      bytesHistory: [at({ instance: E, key_group: 'session:{id}' }, 1000, 2500, 4000)],
    });
    expect(model.patterns.map((p) => p.keyGroup)).toEqual(['cart:{id}', 'session:{id}']);
    const session = model.patterns[1];
    expect(session).toMatchObject({ bytes: 4000, bytesError: 50, keys: 15, keysError: 5, growth: 3000 });
    expect(session.ttl).toEqual({ lt_1h: 3000, none: 1000 });
    expect(session.trend).toEqual([1000, 2500, 4000]);
    expect(model.patterns[0]).toMatchObject({ bytesError: undefined, growth: undefined, ttl: {} });
  });

  it('keeps the three biggest keys per pattern, as exported', () => {
    const key = (k: string, bytes: number) => at({ instance: E, key_group: 'doc:{id}', db: '0', key: k }, bytes);
    const model = buildMemory({
      ...empty,
      bytes: [at({ instance: E, key_group: 'doc:{id}', db: '0' }, 1)],
      biggest: [key('doc:{id}#a', 1), key('doc:{id}#b', 4), key('doc:{id}#c', 3), key('doc:{id}#d', 2), key('', 9)],
    });
    expect(model.patterns[0].biggest.map((k) => k.key)).toEqual(['doc:{id}#b', 'doc:{id}#c', 'doc:{id}#d']);
  });

  it('builds the forecast per instance: time to full (+Inf = not growing), limit, source, growth, used, policy', () => {
    const body = (value: string, metric: Record<string, string>) =>
      parsePromResult({ status: 'success', data: { resultType: 'vector', result: [{ metric, value: [1, value] }] } });
    const model = buildMemory({
      ...empty,
      timeToFull: [...body('5400', { instance: 'a' }), ...body('+Inf', { instance: 'b' })],
      growth: body('1000', { instance: 'a' }),
      limit: [at({ instance: 'a', source: 'maxmemory' }, 32e6), at({ instance: 'a', source: 'system' }, 8e9)],
      usedHistory: [at({ instance: 'a' }, 20e6, 26.6e6)],
      info: [at({ instance: 'a', maxmemory_policy: 'allkeys-lru' }, 1), at({ instance: 'b', maxmemory_policy: '' }, 1)],
    });
    expect(model.forecasts).toEqual([
      {
        instance: 'a',
        timeToFullSeconds: 5400,
        growthBytesPerSecond: 1000,
        limitBytes: 32e6,
        limitSource: 'maxmemory',
        usedBytes: 26.6e6,
        policy: 'allkeys-lru',
        usedTrend: [20e6, 26.6e6],
      },
      expect.objectContaining({ instance: 'b', timeToFullSeconds: Infinity, policy: undefined }),
    ]);
  });

  it('reports coverage per instance and db with the sampled keys', () => {
    const model = buildMemory({
      ...empty,
      coverage: [at({ instance: E, db: '1' }, 0.5), at({ instance: E, db: '0' }, 0.25), { labels: {}, points: [] }],
      sampledKeys: [at({ instance: E, db: '0' }, 400)],
    });
    expect(model.coverage).toEqual([
      { instance: E, db: '0', ratio: 0.25, sampledKeys: 400 },
      { instance: E, db: '1', ratio: 0.5, sampledKeys: undefined },
    ]);
  });

  it('per-shard balance only for series with a shard, against the median shard of the same cluster', () => {
    const s = (shard: string, key_group: string, v: number) => at({ instance: E, shard, key_group, db: '0' }, v);
    const model = buildMemory({
      ...empty,
      bytes: [s('0', 'a', 3000), s('0', 'b', 3000), s('5461', 'a', 2000), s('10923', 'a', 1000)],
      bytesError: [s('0', 'a', 3), s('0', 'b', 4)],
    });
    expect(model.shards).toEqual([
      { instance: E, shard: '0', bytes: 6000, bytesError: 5, ratioToMedian: 3 },
      { instance: E, shard: '5461', bytes: 2000, bytesError: undefined, ratioToMedian: 1 },
      { instance: E, shard: '10923', bytes: 1000, bytesError: undefined, ratioToMedian: 0.5 },
    ]);
    expect(buildMemory({ ...empty, bytes: [at({ instance: E, key_group: 'a', db: '0' }, 1)] }).shards).toEqual([]);
  });

  it('ignores malformed series: no key_group, no points, NaN and infinities', () => {
    const model = buildMemory({
      ...empty,
      bytes: [
        at({ instance: E }, 5),
        { labels: { instance: E, key_group: 'x' }, points: [] },
        at({ key_group: 'y' }, Infinity),
      ],
    });
    expect(model.patterns).toEqual([]);
  });
});

describe('memory helpers', () => {
  it('topGrowers: the patterns that grew most, shrinking ones left out', () => {
    const p = (keyGroup: string, growth?: number) => ({
      instance: E,
      keyGroup,
      bytes: 1,
      ttl: {},
      trend: [],
      biggest: [],
      growth,
    });
    expect(topGrowers([p('a', 5), p('b', -3), p('c', 9), p('d')], 5).map((r) => r.keyGroup)).toEqual(['c', 'a']);
  });

  it('combineErrors, withBand, durationText and ttlShares', () => {
    expect(combineErrors([3, 4])).toBe(5);
    expect(withBand(200, 10, String)).toBe('200 ± 10 (± 5 %)');
    expect(withBand(200, undefined, String)).toBe('200');
    expect(durationText(Infinity)).toBe('not growing');
    expect(durationText(undefined)).toBe('no forecast');
    expect(durationText(0)).toBe('at the limit');
    expect(durationText(90)).toBe('1 min');
    expect(durationText(4 * 3600)).toBe('4 h');
    expect(durationText(3 * 3600 + 1200)).toBe('3 h 20 min');
    expect(durationText(2 * 86400 + 3600)).toBe('2 d 1 h');
    expect(ttlShares({ none: 1, lt_1h: 3, gt_7d: 0 })).toEqual([
      { bucket: 'none', share: 0.25 },
      { bucket: 'lt_1h', share: 0.75 },
    ]);
    expect(ttlShares({})).toEqual([]);
  });
});

describe('coverageSummary', () => {
  it('names the least-covered db', () => {
    expect(coverageSummary([])).toContain('unknown');
    expect(coverageSummary([{ instance: E, db: '0', ratio: 0.125 }])).toBe(
      'Estimated from a sample covering 12.5 % of the keyspace; bands are 95 % confidence.'
    );
    expect(
      coverageSummary([
        { instance: E, db: '0', ratio: 0.5 },
        { instance: E, db: '1', ratio: 1 },
      ])
    ).toContain('at least 50 % of each keyspace (2 dbs)');
  });
});

describe('dbName', () => {
  it('reads db0 as the exporter writes it, and a bare index the same way', () => {
    expect(dbName('db0')).toBe('db0');
    expect(dbName('3')).toBe('db3');
  });
});
