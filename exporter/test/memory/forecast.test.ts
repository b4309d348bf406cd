import { growthRate, memoryLimit, parseCgroupLimit, ReadingWindow, timeToFull } from '../../src/memory/forecast';

describe('out-of-memory forecast', () => {
  it('fits the growth rate by least squares', () => {
    const readings = Array.from({ length: 30 }, (_, i) => ({
      atMs: 1_000_000 + i * 10_000,
      usedBytes: 1e6 + 500 * i * 10 + (i % 2 ? 300 : -300),
    }));
    expect(growthRate(readings)).toBeCloseTo(500, 0);
    expect(growthRate(readings.slice(0, 1))).toBeUndefined();
  });

  it('gives the time to the limit, 0 when there, +Inf when flat or shrinking', () => {
    expect(timeToFull(1000, 2000, 10)).toBe(100);
    expect(timeToFull(2000, 2000, 10)).toBe(0);
    expect(timeToFull(1000, 2000, 0)).toBe(Infinity);
    expect(timeToFull(1000, 2000, -5)).toBe(Infinity);
    expect(timeToFull(1000, 2000, undefined)).toBe(Infinity);
  });

  it('runs against maxmemory, else the cgroup, else the machine', () => {
    expect(memoryLimit(100, 1000, 500)).toEqual({ bytes: 100, source: 'maxmemory' });
    expect(memoryLimit(0, 1000, 500)).toEqual({ bytes: 500, source: 'cgroup' });
    expect(memoryLimit(0, 1000, undefined)).toEqual({ bytes: 1000, source: 'system' });
    expect(memoryLimit(0, undefined, undefined)).toBeUndefined();
    expect(parseCgroupLimit('max\n')).toBeUndefined();
    expect(parseCgroupLimit('536870912\n')).toBe(536870912);
    expect(parseCgroupLimit('9223372036854771712')).toBeUndefined();
  });

  it('keeps only the readings of the window', () => {
    const w = new ReadingWindow(20_000);
    for (let i = 0; i < 10; i++) w.add({ atMs: i * 5_000, usedBytes: i });
    expect(w.all().map((r) => r.usedBytes)).toEqual([5, 6, 7, 8, 9]);
  });
});
