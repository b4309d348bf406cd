import { BatchSize, commandStat } from '../../src/memory/batch-size';

describe('batch size steered by Redis time', () => {
  const options = { targetUs: 250, min: 8, max: 512, initial: 64 };

  it('shrinks at once to what fits the target', () => {
    const b = new BatchSize(options);
    b.observe(64 * 10, 64); // 10 µs per key: 25 keys fit
    expect(b.count).toBe(25);
    b.observe(1_000_000, 10); // far over: the floor
    expect(b.count).toBe(8);
  });

  it('grows at most twofold per observation, up to the cap', () => {
    const b = new BatchSize(options);
    b.observe(100, 100); // 1 µs per key: 250 fit, but 128 at most this time
    expect(b.count).toBe(128);
    b.observe(100, 100);
    expect(b.count).toBe(250);
    b.observe(1, 1000);
    b.observe(1, 1000);
    expect(b.count).toBe(512);
    expect(b.lastUsPerKey).toBeCloseTo(0.001);
  });

  it('ignores empty or nonsense observations', () => {
    const b = new BatchSize(options);
    b.observe(0, 64);
    b.observe(100, 0);
    b.observe(-5, 10);
    b.observe(NaN, 10);
    expect(b.count).toBe(64);
    expect(b.lastUsPerKey).toBeUndefined();
  });
});

describe('commandStat', () => {
  const text = [
    '# Commandstats',
    'cmdstat_evalsha:calls=9,usec=900,usec_per_call=100.00,rejected_calls=0,failed_calls=0',
    'cmdstat_evalsha_ro:calls=12,usec=3000,usec_per_call=250.00,rejected_calls=0,failed_calls=0',
  ].join('\r\n');
  it('reads one command, not its prefix-sharing neighbour', () => {
    expect(commandStat(text, 'evalsha_ro')).toEqual({ calls: 12, usec: 3000 });
    expect(commandStat(text, 'evalsha')).toEqual({ calls: 9, usec: 900 });
    expect(commandStat(text, 'scan')).toBeUndefined();
  });
});
