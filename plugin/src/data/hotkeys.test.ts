import { buildHotKeys, hotKeysFromSeries } from './hotkeys';

const thresholds = { clientRatePerMinute: 1000, serverLfu: 100 };
const s = (labels: Record<string, string>, values: number[]) => ({
  labels,
  points: values.map((v, i) => [i * 1000, v] as [number, number]),
});

describe('hot keys', () => {
  it('ranks over-threshold keys first across both sources and keeps the trend', () => {
    const rows = buildHotKeys(
      {
        serverLfu: [s({ key: 'user:#ab12', pattern: 'user:*', instance: 'r1', db: '0' }, [120])],
        serverLfuHistory: [s({ key: 'user:#ab12', pattern: 'user:*', instance: 'r1', db: '0' }, [80, 100, 120])],
        clientRate: [
          s({ key: 'cart:#ff', pattern: 'cart:*', instance: 'r1', source: 'client' }, [500]),
          s({ key: 'sess:#01', pattern: 'sess:*', instance: 'r2', source: 'client' }, [2500]),
        ],
        clientRateHistory: [],
      },
      thresholds
    );
    expect(rows.map((r) => [r.key, r.overThreshold])).toEqual([
      ['sess:#01', true],
      ['user:#ab12', true],
      ['cart:#ff', false],
    ]);
    expect(rows[1].trend).toEqual([80, 100, 120]);
  });

  it('filters by instance and pattern', () => {
    const input = {
      serverLfu: [
        s({ key: 'a', pattern: 'user:*', instance: 'r1' }, [1]),
        s({ key: 'b', pattern: 'cart:*', instance: 'r2' }, [1]),
      ],
      serverLfuHistory: [],
      clientRate: [],
      clientRateHistory: [],
    };
    expect(buildHotKeys(input, thresholds, { instance: 'r2' }).map((r) => r.key)).toEqual(['b']);
    expect(buildHotKeys(input, thresholds, { pattern: 'USER' }).map((r) => r.key)).toEqual(['a']);
  });

  it('splits panel series by metric name and skips series without a key', () => {
    const rows = hotKeysFromSeries(
      [
        s({ __name__: 'redislens_hotkey_rate', key: 'k1' }, [10]),
        s({ __name__: 'redis_hotkey_lfu_frequency', key: 'k2' }, [5]),
        s({ __name__: 'redis_up' }, [1]),
      ],
      thresholds
    );
    expect(rows.map((r) => [r.key, r.source])).toEqual([
      ['k2', 'server'],
      ['k1', 'client'],
    ]);
  });
});
