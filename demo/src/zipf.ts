/**
 * Zipf(s) sampler over ranks 1..n: P(rank k) ∝ 1/k^s. Precomputes the CDF once (8 bytes per rank), then each
 * sample is a binary search. Deterministic when given a seeded random source.
 */
export class Zipf {
  private readonly cdf: Float64Array;
  constructor(
    readonly n: number,
    readonly s: number,
    private readonly random: () => number = Math.random,
  ) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf n must be a positive integer, got ${n}`);
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 1; k <= n; k++) this.cdf[k - 1] = sum += 1 / Math.pow(k, s);
    for (let i = 0; i < n; i++) this.cdf[i] /= sum;
  }

  /** A rank in 1..n (1 is the most popular). */
  next(): number {
    const u = this.random();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /** Expected share of accesses that go to `rank`. */
  probability(rank: number): number {
    return this.cdf[rank - 1] - (rank > 1 ? this.cdf[rank - 2] : 0);
  }
}

/** Small fast seeded PRNG (mulberry32) so workloads and tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
