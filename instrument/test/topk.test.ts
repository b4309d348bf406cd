import { HashedMinHeap, HeavyKeeper, IndexedMinHeap, SlidingTopK, SpaceSaving, type TopKSketch } from '../src/topk';
import { Zipf, seededRandom } from '../../demo/src/zipf';

/** Exact top-10 of a seeded Zipf stream vs each sketch's top-10. */
function recall(createSketch: () => TopKSketch, n = 100_000, accesses = 300_000): number {
  const zipf = new Zipf(n, 1.1, seededRandom(42));
  const exact = new Map<number, number>();
  const sketch = createSketch();
  for (let i = 0; i < accesses; i++) {
    const rank = zipf.next();
    exact.set(rank, (exact.get(rank) ?? 0) + 1);
    sketch.add(`user:${rank}:profile`);
  }
  const truth = new Set(
    [...exact.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([rank]) => `user:${rank}:profile`),
  );
  const found = sketch
    .candidates()
    .slice(0, 10)
    .filter((c) => truth.has(c.key)).length;
  return found / 10;
}

describe('streaming top-k', () => {
  it('HeavyKeeper finds the exact top-10 of a Zipf(1.1) stream over 100k keys', () => {
    expect(recall(() => new HeavyKeeper({ k: 64, random: seededRandom(7) }))).toBe(1);
  });

  it('Space-Saving finds the exact top-10 of the same stream', () => {
    expect(recall(() => new SpaceSaving(256))).toBe(1);
  });

  it('HeavyKeeper estimates a heavy key within a few percent and forgets on clear', () => {
    const hk = new HeavyKeeper({ k: 8, width: 256, random: seededRandom(1) });
    for (let i = 0; i < 10_000; i++) {
      hk.add('hot');
      hk.add(`cold:${i}`);
    }
    expect(hk.estimate('hot')).toBeGreaterThan(9_500);
    expect(hk.estimate('hot')).toBeLessThanOrEqual(10_000);
    expect(hk.candidates()[0].key).toBe('hot');
    hk.clear();
    expect(hk.estimate('hot')).toBe(0);
    expect(hk.candidates()).toEqual([]);
  });

  it('keeps memory fixed however many distinct keys arrive', () => {
    const hk = new HeavyKeeper({ k: 16, width: 1024 });
    const ss = new SpaceSaving(64);
    for (let i = 0; i < 50_000; i++) {
      hk.add(`k${i}`);
      ss.add(`k${i}`);
    }
    expect(hk.heap.size).toBe(16);
    expect(ss.heap.size).toBe(64);
    expect(hk.memoryBytes()).toBeLessThan(2 * 1024 * 8 + 16 * 100);
  });

  it('handles binary-looking, empty and very long keys', () => {
    const hk = new HeavyKeeper({ k: 4 });
    const long = 'x'.repeat(1_000_000);
    for (const key of ['', '\u0000\u00ff', long, '🔥']) for (let i = 0; i < 3; i++) hk.add(key);
    expect(hk.candidates().map((c) => c.count)).toEqual([3, 3, 3, 3]);
  });

  it('weights a sampled sub-window by its sampling rate', () => {
    const window = new SlidingTopK(3, () => new HeavyKeeper({ k: 4, random: seededRandom(2) }));
    for (let i = 0; i < 10; i++) window.add('a');
    window.rotate(4); // one access in 4 is added from here on
    for (let i = 0; i < 10; i++) window.add('a');
    expect(window.top(1)).toEqual([{ key: 'a', count: 10 + 40 }]);
  });

  it('slides: a key disappears once every sub-window it was counted in has rotated out', () => {
    const window = new SlidingTopK(3, () => new SpaceSaving(16));
    for (let i = 0; i < 5; i++) window.add('early');
    window.rotate();
    for (let i = 0; i < 2; i++) window.add('late');
    expect(window.top(5)).toEqual([
      { key: 'early', count: 5 },
      { key: 'late', count: 2 },
    ]);
    window.rotate();
    window.rotate(); // 'early' sub-window is now cleared and reused
    expect(window.top(5)).toEqual([{ key: 'late', count: 2 }]);
  });

  it('min-heap keeps its invariant under raises and replacements', () => {
    const heap = new IndexedMinHeap(4);
    ['a', 'b', 'c', 'd'].forEach((k, i) => heap.offer(k, 10 - i));
    expect(heap.minCount).toBe(7);
    heap.raise(heap.slotOf('d')!, 20);
    expect(heap.minCount).toBe(8);
    expect(heap.offer('e', 9)).toBe(8);
    expect(heap.slotOf('c')).toBeUndefined();
    expect(heap.entries().map((e) => e.count)).toEqual([20, 10, 9, 9]);
    expect(heap.keys.map((k) => heap.counts[heap.slotOf(k)!])).toEqual(heap.counts);
  });
  it('hashed min-heap (HeavyKeeper) matches the Map-indexed heap step for step, even when hashes collide', () => {
    const random = seededRandom(5);
    const hashed = new HashedMinHeap(8);
    const indexed = new IndexedMinHeap(8);
    // Hashes from a tiny range: long probe runs, wrap-around and backward shifts on every eviction.
    const hashOf = (key: string) => Number(key.slice(1)) % 5;
    for (let step = 0; step < 5_000; step++) {
      const key = `k${Math.floor(random() * 40)}`;
      const count = 1 + Math.floor(random() * 1_000);
      const slot = indexed.slotOf(key);
      expect(hashed.slotOf(key, hashOf(key))).toBe(slot ?? -1);
      if (slot !== undefined) {
        if (count > indexed.counts[slot]) {
          indexed.raise(slot, count);
          hashed.raise(slot, count);
        }
      } else if (indexed.size < indexed.capacity || count > indexed.minCount) {
        expect(hashed.offer(key, hashOf(key), count)).toBe(indexed.offer(key, count));
      }
      expect(hashed.keys).toEqual(indexed.keys);
      expect(hashed.counts).toEqual(indexed.counts);
    }
    for (const key of hashed.keys) expect(hashed.keys[hashed.slotOf(key, hashOf(key))]).toBe(key);
    hashed.clear();
    expect(hashed.slotOf('k1', hashOf('k1'))).toBe(-1);
  });
});
