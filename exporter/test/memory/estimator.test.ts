import { domainTotal, quantiles, SampleWindow, ttlBucket, OVERFLOW_GROUP } from '../../src/memory/estimator';

/** Deterministic PRNG so the coverage check is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A keyspace with known truth: 4 groups of different shares and Zipf-like (Pareto) sizes. */
function population(N: number, random: () => number): { group: string; bytes: number; ttlMs: number }[] {
  const groups = [
    { name: 'session:{id}', share: 0.6, scale: 200 },
    { name: 'cart:{id}', share: 0.3, scale: 1500 },
    { name: 'feed:{id}', share: 0.09, scale: 5000 },
    { name: 'rare:{id}', share: 0.01, scale: 800 },
  ];
  return Array.from({ length: N }, () => {
    const u = random();
    let acc = 0;
    const g = groups.find((x) => (acc += x.share) >= u) ?? groups[0];
    // Pareto tail (alpha 2.5): heavy but finite variance, like Zipf value sizes.
    const bytes = Math.round(g.scale * Math.pow(1 - random(), -1 / 2.5));
    return { group: g.name, bytes, ttlMs: random() < 0.3 ? -1 : Math.floor(random() * 3 * 86_400_000) };
  });
}

describe('memory estimator', () => {
  it('buckets PTTL replies', () => {
    expect(ttlBucket(-1)).toBe('none');
    expect(ttlBucket(-2)).toBeUndefined();
    expect(ttlBucket(10)).toBe('lt_1h');
    expect(ttlBucket(2 * 3_600_000)).toBe('1h_to_24h');
    expect(ttlBucket(3 * 86_400_000)).toBe('1d_to_7d');
    expect(ttlBucket(8 * 86_400_000)).toBe('gt_7d');
  });

  it('is exact with a zero band when the window read every key', () => {
    const est = domainTotal(30, 500, 10, 10);
    expect(est).toEqual({ value: 30, error: 0 });
  });

  it('95 % bands cover the true totals in about 95 % of windows (synthetic keyspace, known truth)', () => {
    const random = mulberry32(42);
    const N = 20_000;
    const keys = population(N, random);
    const truth = new Map<string, { keys: number; bytes: number }>();
    for (const k of keys) {
      const t = truth.get(k.group) ?? { keys: 0, bytes: 0 };
      t.keys++;
      t.bytes += k.bytes;
      truth.set(k.group, t);
    }
    const trials = 200;
    const n = 2_000;
    let covered = 0;
    let checks = 0;
    for (let trial = 0; trial < trials; trial++) {
      // A SCAN stretch is a uniform sample without replacement: a partial Fisher-Yates shuffle draws one.
      const order = Array.from({ length: N }, (_, i) => i);
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(random() * (N - i));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const window = new SampleWindow<number>(100, random);
      order.slice(0, n).forEach((idx, i) => {
        const k = keys[idx];
        window.add({
          group: k.group,
          bytes: k.bytes,
          key: idx,
          detail: i % 4 === 0 ? { ttlMs: k.ttlMs, type: 'string', elements: k.bytes } : undefined,
        });
      });
      const estimate = window.estimate(N, 100);
      for (const g of estimate.groups) {
        const t = truth.get(g.group)!;
        checks += 2;
        if (Math.abs(g.bytes.value - t.bytes) <= g.bytes.error) covered++;
        if (Math.abs(g.keys.value - t.keys) <= g.keys.error) covered++;
      }
    }
    const coverage = covered / checks;
    // 95 % nominal; the normal interval under-covers a little for the rare, heavy-tailed group.
    expect(coverage).toBeGreaterThan(0.92);
    expect(coverage).toBeLessThan(0.98);
  });

  it('folds groups beyond the maximum (and under k keys) into overflow, keeps the biggest keys', () => {
    const window = new SampleWindow<string>(10);
    for (let i = 0; i < 50; i++) window.add({ group: `g${i % 5}`, bytes: 100 * (i % 5) + i, key: `k${i}` });
    window.add({ group: 'lonely', bytes: 1, key: 'x' });
    const estimate = window.estimate(51, 3, 2);
    expect(estimate.groups.map((g) => g.group)).toEqual(['g4', 'g3', 'g2', OVERFLOW_GROUP]);
    expect(estimate.distinctGroups).toBe(6);
    const overflow = estimate.groups.find((g) => g.group === OVERFLOW_GROUP)!;
    expect(overflow.keys.value).toBe(21);
    expect(estimate.groups[0].biggest.map((b) => b.key)).toEqual(['k49', 'k44', 'k39']);
    expect(estimate.coverage).toBe(1);
  });

  it('bounds the groups it tracks and ignores nonsense sizes', () => {
    const window = new SampleWindow<string>(2);
    for (let i = 0; i < 1000; i++) window.add({ group: `g${i}`, bytes: 1, key: 'k' });
    window.add({ group: 'g0', bytes: NaN, key: 'k' });
    window.add({ group: 'g0', bytes: -5, key: 'k' });
    const estimate = window.estimate(1000, 100);
    expect(estimate.groups).toHaveLength(3);
    expect(estimate.sampledKeys).toBe(1000);
  });

  it('gives nearest-rank percentiles', () => {
    const q = quantiles(Array.from({ length: 100 }, (_, i) => i + 1));
    expect([q.get(0.5), q.get(0.9), q.get(0.99), q.get(1)]).toEqual([50, 90, 99, 100]);
  });
});
