import { buildHotKeys, confidenceText, hotKeysFromSeries, HotKeyInput } from './hotkeys';

const s = (labels: Record<string, string>, values: number[]) => ({
  labels,
  points: values.map((v, i) => [i * 1000, v] as [number, number]),
});
const empty: HotKeyInput = {
  serverRate: [],
  serverError: [],
  serverLfu: [],
  clientRate: [],
  clientCoverage: [],
  rateHistory: [],
};
const user = { key: 'user:#ab12', pattern: 'user:*', instance: 'r1', db: '0', source: 'server_estimate' };
const cart = { key: 'cart:#ff', pattern: 'cart:*', instance: 'app1', source: 'client_measured' };
const sess = { key: 'sess:#01', pattern: 'sess:*', instance: 'app2', source: 'client_measured' };

describe('hot keys', () => {
  it('ranks both sources by accesses/min against one threshold, with confidence and trend', () => {
    const rows = buildHotKeys(
      {
        ...empty,
        serverRate: [s(user, [1200])],
        serverError: [s(user, [0.18])],
        serverLfu: [
          s({ ...user, source: '' }, [40]),
          s({ key: 'new:#9', pattern: 'new:*', instance: 'r1', db: '0' }, [7]),
        ],
        clientRate: [s(cart, [500]), s(sess, [2500])],
        clientCoverage: [s(cart, [0.5]), s(sess, [1])],
        rateHistory: [s(user, [800, 1000, 1200])],
      },
      1000
    );
    expect(rows.map((r) => [r.key, r.source, r.perMinute, r.overThreshold, confidenceText(r)])).toEqual([
      ['sess:#01', 'client_measured', 2500, true, 'exact'],
      ['user:#ab12', 'server_estimate', 1200, true, '±18 %'],
      ['cart:#ff', 'client_measured', 500, false, 'exact over 50 % of window'],
      ['new:#9', 'server_estimate', undefined, false, 'no estimate yet (LFU 7)'],
    ]);
    expect(rows[1].trend).toEqual([800, 1000, 1200]);
    expect(rows[1].lfu).toBe(40);
  });

  it('says when a rate is only a lower bound, or the counter did not move', () => {
    const idle = { ...user, key: 'idle:#1' };
    const rows = buildHotKeys(
      {
        ...empty,
        serverRate: [s(user, [2500]), s(idle, [0])],
        serverError: [s(user, [1]), s(idle, [1])],
        clientRate: [s(cart, [90])],
        clientCoverage: [s(cart, [0])],
      },
      1000
    );
    expect(rows.map(confidenceText)).toEqual(['lower bound', 'sketch estimate', 'counter unchanged']);
  });

  it('filters by instance and pattern', () => {
    const input = { ...empty, serverRate: [s(user, [1])], clientRate: [s(cart, [1])] };
    expect(buildHotKeys(input, 1000, { instance: 'app1' }).map((r) => r.key)).toEqual(['cart:#ff']);
    expect(buildHotKeys(input, 1000, { pattern: 'USER' }).map((r) => r.key)).toEqual(['user:#ab12']);
  });

  it('splits panel series by metric name, reads a legacy client source, and skips series without a key', () => {
    const { rows, skipped } = hotKeysFromSeries(
      [
        s({ __name__: 'redislens_hotkey_rate', key: 'k1', source: 'client' }, [10]),
        s({ __name__: 'redis_hotkey_accesses_per_minute', key: 'k2', source: 'server_estimate' }, [50]),
        s({ __name__: 'redis_hotkey_accesses_per_minute_error_ratio', key: 'k2', source: 'server_estimate' }, [0.3]),
        s({ __name__: 'redis_up' }, [1]),
      ],
      1000
    );
    expect(rows.map((r) => [r.key, r.source, r.perMinute, confidenceText(r)])).toEqual([
      ['k2', 'server_estimate', 50, '±30 %'],
      ['k1', 'client_measured', 10, 'measured'],
    ]);
    expect(skipped).toBe(1);
  });
});
