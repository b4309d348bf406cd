/**
 * Streaming top-k over a sliding window, fixed memory. Pure: no timers, no I/O (hotkeys.ts drives the clock).
 *
 * Two sketches behind one interface, chosen by measurement (bench/library.bench.ts):
 * - HeavyKeeper (Gong et al., 2018): d rows of (fingerprint, count) buckets with exponential-weakening decay, plus a
 *   small min-heap of candidates. Cost per access: d hashes + O(log k) heap work only for heavy keys.
 * - Space-Saving (Metwally et al., 2005): m counters in an indexed min-heap; an unseen key replaces the minimum.
 *   Cost per access: a Map lookup + O(log m) heap work.
 */

export interface KeyCount {
  key: string;
  count: number;
}

export interface TopKSketch {
  add(key: string): void;
  /** Estimated accesses of `key` since the last clear (0 when not tracked). */
  estimate(key: string): number;
  /** Tracked candidates, most frequent first. */
  candidates(): KeyCount[];
  clear(): void;
  /** Approximate bytes held (typed arrays exactly, candidate keys by their length). */
  memoryBytes(): number;
}

/** Min-heap of (key, count) with a key → slot index, so a tracked key's count can grow in O(log n). */
export class IndexedMinHeap {
  readonly keys: string[] = [];
  readonly counts: number[] = [];
  private readonly slots = new Map<string, number>();
  constructor(readonly capacity: number) {}

  get size(): number {
    return this.keys.length;
  }
  get minCount(): number {
    return this.counts.length ? this.counts[0] : 0;
  }
  slotOf(key: string): number | undefined {
    return this.slots.get(key);
  }

  /** Sets a tracked key's count to a larger value. */
  raise(slot: number, count: number): void {
    this.counts[slot] = count;
    this.siftDown(slot);
  }

  /** Inserts when there is room, else replaces the minimum. Returns the evicted key's count (0 if none). */
  offer(key: string, count: number): number {
    if (this.keys.length < this.capacity) {
      this.keys.push(key);
      this.counts.push(count);
      this.slots.set(key, this.keys.length - 1);
      this.siftUp(this.keys.length - 1);
      return 0;
    }
    const evicted = this.counts[0];
    this.slots.delete(this.keys[0]);
    this.keys[0] = key;
    this.counts[0] = count;
    this.slots.set(key, 0);
    this.siftDown(0);
    return evicted;
  }

  clear(): void {
    this.keys.length = 0;
    this.counts.length = 0;
    this.slots.clear();
  }

  entries(): KeyCount[] {
    return this.keys.map((key, i) => ({ key, count: this.counts[i] })).sort((a, b) => b.count - a.count);
  }

  private swap(a: number, b: number): void {
    const k = this.keys[a];
    const c = this.counts[a];
    this.keys[a] = this.keys[b];
    this.counts[a] = this.counts[b];
    this.keys[b] = k;
    this.counts[b] = c;
    this.slots.set(this.keys[a], a);
    this.slots.set(this.keys[b], b);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.counts[parent] <= this.counts[i]) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.counts.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < n && this.counts[l] < this.counts[smallest]) smallest = l;
      if (r < n && this.counts[r] < this.counts[smallest]) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser for avalanche. */
export function hash32(key: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface HeavyKeeperOptions {
  /** Candidates kept in the heap (report top-n with n well below this). */
  k: number;
  /** Buckets per row. */
  width?: number;
  /** Rows. */
  depth?: number;
  /** Decay base b: a colliding bucket is decremented with probability b^-count. */
  decay?: number;
  /** Random source in [0, 1); injectable for deterministic tests. */
  random?: () => number;
}

export class HeavyKeeper implements TopKSketch {
  private readonly width: number;
  private readonly depth: number;
  private readonly fingerprints: Uint32Array;
  private readonly counts: Uint32Array;
  private readonly decayTable: Float64Array;
  private readonly random: () => number;
  readonly heap: IndexedMinHeap;

  constructor(options: HeavyKeeperOptions) {
    this.width = options.width ?? 1024;
    this.depth = options.depth ?? 2;
    this.fingerprints = new Uint32Array(this.width * this.depth);
    this.counts = new Uint32Array(this.width * this.depth);
    const b = options.decay ?? 1.08;
    // b^-c underflows to ~0 past a few hundred; a table avoids Math.pow per collision.
    this.decayTable = new Float64Array(256).map((_, c) => Math.pow(b, -c));
    this.random = options.random ?? Math.random;
    this.heap = new IndexedMinHeap(options.k);
  }

  add(key: string): void {
    const h = hash32(key);
    const step = fmix32(h ^ 0x9e3779b9) | 1;
    const fp = (fmix32(h + 0x7f4a7c15) | 1) >>> 0; // never 0, which marks an empty bucket
    let max = 0;
    for (let row = 0; row < this.depth; row++) {
      const idx = row * this.width + (((h + Math.imul(row, step)) >>> 0) % this.width);
      const c = this.counts[idx];
      if (c === 0) {
        this.fingerprints[idx] = fp;
        this.counts[idx] = 1;
        if (max < 1) max = 1;
      } else if (this.fingerprints[idx] === fp) {
        if (c < 0xffffffff) this.counts[idx] = c + 1;
        if (max < c + 1) max = c + 1;
      } else if (this.random() < (c < 256 ? this.decayTable[c] : 0)) {
        if (c === 1) {
          this.fingerprints[idx] = fp;
          if (max < 1) max = 1;
        } else {
          this.counts[idx] = c - 1;
        }
      }
    }
    const slot = this.heap.slotOf(key);
    if (slot !== undefined) {
      if (max > this.heap.counts[slot]) this.heap.raise(slot, max);
    } else if (this.heap.size < this.heap.capacity || max > this.heap.minCount) {
      this.heap.offer(key, max);
    }
  }

  estimate(key: string): number {
    const h = hash32(key);
    const step = fmix32(h ^ 0x9e3779b9) | 1;
    const fp = (fmix32(h + 0x7f4a7c15) | 1) >>> 0;
    let max = 0;
    for (let row = 0; row < this.depth; row++) {
      const idx = row * this.width + (((h + Math.imul(row, step)) >>> 0) % this.width);
      if (this.fingerprints[idx] === fp && this.counts[idx] > max) max = this.counts[idx];
    }
    return max;
  }

  candidates(): KeyCount[] {
    return this.heap.entries();
  }

  clear(): void {
    this.fingerprints.fill(0);
    this.counts.fill(0);
    this.heap.clear();
  }

  memoryBytes(): number {
    return this.fingerprints.byteLength + this.counts.byteLength + candidateBytes(this.heap);
  }
}

export class SpaceSaving implements TopKSketch {
  readonly heap: IndexedMinHeap;
  constructor(counters: number) {
    this.heap = new IndexedMinHeap(counters);
  }

  add(key: string): void {
    const slot = this.heap.slotOf(key);
    if (slot !== undefined) this.heap.raise(slot, this.heap.counts[slot] + 1);
    else this.heap.offer(key, this.heap.size < this.heap.capacity ? 1 : this.heap.minCount + 1);
  }

  estimate(key: string): number {
    const slot = this.heap.slotOf(key);
    return slot === undefined ? 0 : this.heap.counts[slot];
  }

  candidates(): KeyCount[] {
    return this.heap.entries();
  }

  clear(): void {
    this.heap.clear();
  }

  memoryBytes(): number {
    return candidateBytes(this.heap);
  }
}

function candidateBytes(heap: IndexedMinHeap): number {
  // Per candidate: key string (2 bytes/char + ~16 header), a count (8), a Map entry (~40).
  let bytes = 0;
  for (const key of heap.keys) bytes += 2 * key.length + 64;
  return bytes;
}

/**
 * Sliding window made of `subWindows` sketches; `rotate()` (called every window/subWindows by the owner) drops the
 * oldest. A key's windowed count is the sum of its estimates over the live sub-windows.
 */
export class SlidingTopK {
  private readonly sketches: TopKSketch[];
  private current = 0;
  constructor(
    readonly subWindows: number,
    createSketch: () => TopKSketch,
  ) {
    if (!Number.isInteger(subWindows) || subWindows < 1) throw new Error('subWindows must be a positive integer');
    this.sketches = Array.from({ length: subWindows }, createSketch);
  }

  add(key: string): void {
    this.sketches[this.current].add(key);
  }

  rotate(): void {
    this.current = (this.current + 1) % this.sketches.length;
    this.sketches[this.current].clear();
  }

  top(n: number): KeyCount[] {
    const seen = new Set<string>();
    for (const sketch of this.sketches) for (const { key } of sketch.candidates()) seen.add(key);
    const totals: KeyCount[] = [];
    for (const key of seen) {
      let count = 0;
      for (const sketch of this.sketches) count += sketch.estimate(key);
      totals.push({ key, count });
    }
    return totals.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, n);
  }

  memoryBytes(): number {
    return this.sketches.reduce((sum, s) => sum + s.memoryBytes(), 0);
  }
}
