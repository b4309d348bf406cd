/**
 * Streaming top-k over a sliding window, fixed memory. Pure: no timers, no I/O (hotkeys.ts drives the clock).
 *
 * Two sketches behind one interface, chosen by measurement (bench/library.bench.ts):
 * - HeavyKeeper (Gong et al., 2018): d rows of (fingerprint, count) buckets with exponential-weakening decay, plus a
 *   small min-heap of candidates. Cost per access: d hashes + O(log k) heap work only for heavy keys.
 * - Space-Saving (Metwally et al., 2005): m counters in an indexed min-heap; an unseen key replaces the minimum.
 *   Cost per access: a Map lookup + O(log m) heap work.
 */

import { fmix32, hash32, xorshift32 } from './hash';

export interface KeyCount {
  key: string;
  count: number;
}

export interface TopKSketch {
  /** One access; `hash` is `hash32(key)` when the caller has it already (sketches that hash reuse it). */
  add(key: string, hash?: number): void;
  /** Estimated accesses of `key` since the last clear (0 when not tracked); `hash` as for `add`. */
  estimate(key: string, hash?: number): number;
  /** Tracked candidates, most frequent first. */
  candidates(): KeyCount[];
  /** Calls `fn` with each tracked candidate's key and `hash32`, in no order. */
  forEachCandidate(fn: (key: string, hash: number) => void): void;
  clear(): void;
  /** Approximate bytes held (typed arrays exactly, candidate keys by their length). */
  memoryBytes(): number;
}

/**
 * Min-heap of (key, count) by count. Subclasses keep a key → slot index in step through `swap`, so a tracked key's
 * count can grow in O(log n).
 */
abstract class MinHeap {
  readonly keys: string[] = [];
  readonly counts: number[] = [];
  constructor(readonly capacity: number) {}

  get size(): number {
    return this.keys.length;
  }
  get minCount(): number {
    return this.counts.length ? this.counts[0] : 0;
  }

  /** Sets a tracked key's count to a larger value. */
  raise(slot: number, count: number): void {
    this.counts[slot] = count;
    this.siftDown(slot);
  }

  entries(): KeyCount[] {
    return this.keys.map((key, i) => ({ key, count: this.counts[i] })).sort((a, b) => b.count - a.count);
  }

  /** Swaps two slots, index included. */
  protected abstract swap(a: number, b: number): void;

  protected siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.counts[parent] <= this.counts[i]) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  protected siftDown(i: number): void {
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

/** The key → slot index is a Map. */
export class IndexedMinHeap extends MinHeap {
  private readonly slots = new Map<string, number>();

  slotOf(key: string): number | undefined {
    return this.slots.get(key);
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

  protected swap(a: number, b: number): void {
    const k = this.keys[a];
    const c = this.counts[a];
    this.keys[a] = this.keys[b];
    this.counts[a] = this.counts[b];
    this.keys[b] = k;
    this.counts[b] = c;
    this.slots.set(this.keys[a], a);
    this.slots.set(this.keys[b], b);
  }
}

/**
 * The same min-heap for HeavyKeeper, which has already hashed the key: keys are found through that 32-bit hash in a
 * small open-addressing table (linear probing, at most a quarter full) instead of a Map that would hash the key
 * string a second time. Same sift order as IndexedMinHeap, so the same candidates come out.
 */
export class HashedMinHeap extends MinHeap {
  /** Per slot: the key's hash (as int32) and where its entry sits in `table`. */
  private readonly hashes: Int32Array;
  private readonly positions: Int32Array;
  /** slot + 1 per table position; 0 = empty. */
  private readonly table: Int32Array;
  private readonly tableMask: number;

  constructor(capacity: number) {
    super(capacity);
    let size = 8;
    while (size < capacity * 4) size *= 2;
    this.table = new Int32Array(size);
    this.tableMask = size - 1;
    this.hashes = new Int32Array(capacity);
    this.positions = new Int32Array(capacity);
  }

  /** Bytes of the typed arrays (table, hashes, positions). */
  get indexBytes(): number {
    return this.table.byteLength + this.hashes.byteLength + this.positions.byteLength;
  }

  /** Each key with its hash32. */
  forEach(fn: (key: string, hash: number) => void): void {
    for (let slot = 0; slot < this.keys.length; slot++) fn(this.keys[slot], this.hashes[slot] >>> 0);
  }

  /** The slot of `key` (whose hash32 is `hash`), or -1. */
  slotOf(key: string, hash: number): number {
    hash |= 0;
    const table = this.table;
    const mask = this.tableMask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = table[i] - 1;
      if (slot < 0) return -1;
      if (this.hashes[slot] === hash && this.keys[slot] === key) return slot;
    }
  }

  /** Inserts when there is room, else replaces the minimum. Returns the evicted key's count (0 if none). */
  offer(key: string, hash: number, count: number): number {
    hash |= 0;
    if (this.keys.length < this.capacity) {
      const slot = this.keys.length;
      this.keys.push(key);
      this.counts.push(count);
      this.hashes[slot] = hash;
      this.positions[slot] = this.index(hash, slot);
      this.siftUp(slot);
      return 0;
    }
    const evicted = this.counts[0];
    this.unindex(0);
    this.keys[0] = key;
    this.counts[0] = count;
    this.hashes[0] = hash;
    this.positions[0] = this.index(hash, 0);
    this.siftDown(0);
    return evicted;
  }

  clear(): void {
    this.keys.length = 0;
    this.counts.length = 0;
    this.table.fill(0);
  }

  private index(hash: number, slot: number): number {
    const mask = this.tableMask;
    let i = hash & mask;
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = slot + 1;
    return i;
  }

  /** Removes a slot's table entry, shifting later entries of the probe run back (no tombstones). */
  private unindex(slot: number): void {
    const table = this.table;
    const mask = this.tableMask;
    let hole = this.positions[slot];
    table[hole] = 0;
    for (let j = (hole + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const moved = table[j] - 1;
      const home = this.hashes[moved] & mask;
      // The entry may fill the hole unless its home lies cyclically after the hole (within (hole, j]).
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        table[hole] = moved + 1;
        this.positions[moved] = hole;
        table[j] = 0;
        hole = j;
      }
    }
  }

  protected swap(a: number, b: number): void {
    const keys = this.keys;
    const counts = this.counts;
    const hashes = this.hashes;
    const positions = this.positions;
    const k = keys[a];
    const c = counts[a];
    const h = hashes[a];
    const p = positions[a];
    keys[a] = keys[b];
    counts[a] = counts[b];
    hashes[a] = hashes[b];
    positions[a] = positions[b];
    keys[b] = k;
    counts[b] = c;
    hashes[b] = h;
    positions[b] = p;
    this.table[positions[a]] = a + 1;
    this.table[p] = b + 1;
  }
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
  /** width - 1 when width is a power of two (index by mask, same buckets as `%`), else -1. */
  private readonly mask: number;
  private readonly depth: number;
  private readonly fingerprints: Uint32Array;
  private readonly counts: Uint32Array;
  /** b^-count as a 32-bit threshold: decay when a uniform 32-bit draw is below it. */
  private readonly decayThresholds: Uint32Array;
  private readonly random: (() => number) | undefined;
  /** xorshift32 state for the decay draws when no `random` is injected (Math.random per collision cost more). */
  private rngState: number;
  readonly heap: HashedMinHeap;

  constructor(options: HeavyKeeperOptions) {
    this.width = options.width ?? 1024;
    this.mask = (this.width & (this.width - 1)) === 0 ? this.width - 1 : -1;
    this.depth = options.depth ?? 2;
    this.fingerprints = new Uint32Array(this.width * this.depth);
    this.counts = new Uint32Array(this.width * this.depth);
    const b = options.decay ?? 1.08;
    // b^-c underflows to ~0 past a few hundred; a table avoids Math.pow per collision.
    this.decayThresholds = new Uint32Array(256).map((_, c) =>
      Math.min(0xffffffff, Math.floor(Math.pow(b, -c) * 2 ** 32)),
    );
    this.random = options.random;
    this.rngState = (Math.random() * 0xfffffffe + 1) | 0;
    this.heap = new HashedMinHeap(options.k);
  }

  add(key: string, h = hash32(key)): void {
    const step = fmix32(h ^ 0x9e3779b9) | 1;
    const fp = (fmix32(h + 0x7f4a7c15) | 1) >>> 0; // never 0, which marks an empty bucket
    const fingerprints = this.fingerprints;
    const counts = this.counts;
    let max = 0;
    for (let row = 0; row < this.depth; row++) {
      const idx = row * this.width + this.bucket((h + Math.imul(row, step)) >>> 0);
      const c = counts[idx];
      if (c === 0) {
        fingerprints[idx] = fp;
        counts[idx] = 1;
        if (max < 1) max = 1;
      } else if (fingerprints[idx] === fp) {
        if (c < 0xffffffff) counts[idx] = c + 1;
        if (max < c + 1) max = c + 1;
      } else if (c < 256 && this.draw() < this.decayThresholds[c]) {
        if (c === 1) {
          fingerprints[idx] = fp;
          if (max < 1) max = 1;
        } else {
          counts[idx] = c - 1;
        }
      }
    }
    const heap = this.heap;
    // A tracked key's heap count is at least the heap's minimum, so when the heap is full and `max` does not beat
    // the minimum there is nothing to raise or offer: skip the key lookup (most accesses of cold keys).
    if (heap.size >= heap.capacity && max <= heap.minCount) return;
    const slot = heap.slotOf(key, h);
    if (slot >= 0) {
      if (max > heap.counts[slot]) heap.raise(slot, max);
    } else {
      heap.offer(key, h, max);
    }
  }

  /** A uniform 32-bit draw. */
  private draw(): number {
    if (this.random !== undefined) return Math.floor(this.random() * 2 ** 32);
    this.rngState = xorshift32(this.rngState);
    return this.rngState >>> 0;
  }

  /** Bucket within a row for a 32-bit hash. */
  private bucket(x: number): number {
    return this.mask >= 0 ? x & this.mask : x % this.width;
  }

  estimate(key: string, h = hash32(key)): number {
    const step = fmix32(h ^ 0x9e3779b9) | 1;
    const fp = (fmix32(h + 0x7f4a7c15) | 1) >>> 0;
    let max = 0;
    for (let row = 0; row < this.depth; row++) {
      const idx = row * this.width + this.bucket((h + Math.imul(row, step)) >>> 0);
      if (this.fingerprints[idx] === fp && this.counts[idx] > max) max = this.counts[idx];
    }
    return max;
  }

  candidates(): KeyCount[] {
    return this.heap.entries();
  }

  forEachCandidate(fn: (key: string, hash: number) => void): void {
    this.heap.forEach(fn);
  }

  clear(): void {
    this.fingerprints.fill(0);
    this.counts.fill(0);
    this.heap.clear();
  }

  memoryBytes(): number {
    // Per candidate beside its key: a count (8); the heap's index is typed arrays.
    return this.fingerprints.byteLength + this.counts.byteLength + keyBytes(this.heap.keys, 8) + this.heap.indexBytes;
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

  forEachCandidate(fn: (key: string, hash: number) => void): void {
    for (const key of this.heap.keys) fn(key, hash32(key));
  }

  candidateKeys(): readonly string[] {
    return this.heap.keys;
  }

  clear(): void {
    this.heap.clear();
  }

  memoryBytes(): number {
    return candidateBytes(this.heap);
  }
}

function candidateBytes(heap: IndexedMinHeap): number {
  // Per candidate beside its key: a count (8), a Map entry (~40).
  return keyBytes(heap.keys, 48);
}

/** Candidate keys (2 bytes/char + ~16 header) plus `perKey` bytes of bookkeeping each. */
function keyBytes(keys: readonly string[], perKey: number): number {
  let bytes = 0;
  for (const key of keys) bytes += 2 * key.length + 16 + perKey;
  return bytes;
}

/**
 * Sliding window made of `subWindows` sketches; `rotate()` (called every window/subWindows by the owner) drops the
 * oldest. A key's windowed count is the sum of its estimates over the live sub-windows.
 */
export class SlidingTopK {
  private readonly sketches: TopKSketch[];
  /** Per sub-window: accesses each counted one stands for (the owner's sampling rate while it was current). */
  private readonly weights: number[];
  private current = 0;
  constructor(
    readonly subWindows: number,
    createSketch: () => TopKSketch,
  ) {
    if (!Number.isInteger(subWindows) || subWindows < 1) throw new Error('subWindows must be a positive integer');
    this.sketches = Array.from({ length: subWindows }, createSketch);
    this.weights = this.sketches.map(() => 1);
  }

  add(key: string, hash?: number): void {
    this.sketches[this.current].add(key, hash);
  }

  /** Starts the next sub-window; `weight` > 1 when only one access in `weight` will be added to it. */
  rotate(weight = 1): void {
    this.current = (this.current + 1) % this.sketches.length;
    this.sketches[this.current].clear();
    this.weights[this.current] = weight;
  }

  top(n: number): KeyCount[] {
    const seen = new Map<string, number>();
    for (const sketch of this.sketches) sketch.forEachCandidate((key, hash) => seen.set(key, hash));
    const totals: KeyCount[] = [];
    for (const [key, hash] of seen) {
      let count = 0;
      for (let i = 0; i < this.sketches.length; i++) count += this.sketches[i].estimate(key, hash) * this.weights[i];
      totals.push({ key, count });
    }
    return totals.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, n);
  }

  memoryBytes(): number {
    return this.sketches.reduce((sum, s) => sum + s.memoryBytes(), 0);
  }
}
