/**
 * Exact access counts for the few keys a top-k sketch has flagged as hot, per sub-window (rotated with the sketch's
 * sliding window), so the rates reported for them are measured rather than read off the sketch, whose counts are
 * lower bounds. A key is counted from the moment it is flagged: its rate is its count over the time since then (or
 * over the live window once that is shorter), which is exact for that span however late the key was flagged.
 * Pure: the owner passes the time.
 *
 * `count` runs on every access, so it takes the key's `hash32` (computed once per access by the tracker) and looks
 * it up in a small open-addressing table of flagged hashes: an unflagged key costs one typed-array read, and the
 * key string is compared only when the hash matches. The table is rebuilt when the flagged set changes (at most once
 * a second and at each rotation), which keeps the per-access path free of deletion logic.
 *
 * Hashing is most of an access's cost, so `mayBeFlagged` lets the owner skip it: a bitmap of a few characters'
 * signature (`signature`) that is set for every flagged key, so a clear bit proves the key is not flagged (a set
 * bit only says: hash and look).
 */
import { hash32 } from './hash';

interface Flagged {
  key: string;
  hash: number;
  /** Per sub-window, indexed like the owner's ring. */
  counts: Uint32Array;
  sinceMs: number;
  /** Rotation at which the key was last flagged; unflagged for a whole window, it is dropped. */
  flaggedAt: number;
}

export interface FlaggedCount {
  /** Accesses over the live sub-windows since `sinceMs`. */
  count: number;
  sinceMs: number;
}

/** Bits in the signature bitmap: with at most ~40 flagged keys, about 1 % of other keys pass. */
const SIGNATURE_BITS = 4096;

/**
 * A key's length and four of its characters (spread over the key, the last included, where ids usually differ),
 * mixed: cheap next to hashing every character, and equal for equal keys.
 */
export function signature(key: string): number {
  const n = key.length;
  if (n === 0) return 0;
  let s = Math.imul(n, 0x9e3779b1);
  s = Math.imul(s ^ key.charCodeAt(n - 1), 0x01000193);
  s = Math.imul(s ^ key.charCodeAt(n >> 1), 0x01000193);
  s = Math.imul(s ^ key.charCodeAt(n >> 2), 0x01000193);
  s = Math.imul(s ^ key.charCodeAt(n - 1 - (n >> 2)), 0x01000193);
  return (s ^ (s >>> 15)) & (SIGNATURE_BITS - 1);
}

export class FlaggedCounts {
  private entries: Flagged[] = [];
  private readonly signatures = new Uint32Array(SIGNATURE_BITS / 32);
  /** entry index + 1 per table position; 0 = empty. At most a quarter full. */
  private readonly table: Int32Array;
  private readonly tableMask: number;
  private current = 0;
  private rotations = 0;

  constructor(
    readonly subWindows: number,
    /** Keys counted at most; beyond it the least recently flagged are dropped. */
    readonly capacity: number,
  ) {
    let size = 16;
    while (size < capacity * 4) size *= 2;
    this.table = new Int32Array(size);
    this.tableMask = size - 1;
  }

  get size(): number {
    return this.entries.length;
  }

  /** False only when `key` is certainly not flagged (then `count` would do nothing). */
  mayBeFlagged(key: string): boolean {
    const bit = signature(key);
    return (this.signatures[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  /** One access of `key`, whose `hash32` is `hash`: a table read, and nothing else unless the key is flagged. */
  count(key: string, hash = hash32(key)): void {
    const table = this.table;
    const mask = this.tableMask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = table[i] - 1;
      if (slot < 0) return;
      const entry = this.entries[slot];
      if (entry.hash === hash && entry.key === key) {
        entry.counts[this.current]++;
        return;
      }
    }
  }

  /** Starts exact counts for the keys not counted yet and keeps the others. */
  flag(keys: readonly string[], nowMs: number): void {
    let changed = false;
    for (const key of keys) {
      const entry = this.find(key);
      if (entry) entry.flaggedAt = this.rotations;
      else {
        changed = true;
        this.entries.push({
          key,
          hash: hash32(key),
          counts: new Uint32Array(this.subWindows),
          sinceMs: nowMs,
          flaggedAt: this.rotations,
        });
      }
    }
    if (this.entries.length > this.capacity) {
      // The least recently flagged go (a stable sort: among keys flagged in the same rotation, the longest counted).
      const byAge = [...this.entries].sort((a, b) => a.flaggedAt - b.flaggedAt);
      const dropped = new Set(byAge.slice(0, this.entries.length - this.capacity));
      this.entries = this.entries.filter((entry) => !dropped.has(entry));
    }
    if (changed) this.reindex();
  }

  /** Starts the next sub-window (dropping the oldest's counts) and forgets keys not flagged for a whole window. */
  rotate(): void {
    this.current = (this.current + 1) % this.subWindows;
    this.rotations++;
    const kept = this.entries.filter((entry) => this.rotations - entry.flaggedAt < this.subWindows);
    for (const entry of kept) entry.counts[this.current] = 0;
    if (kept.length !== this.entries.length) {
      this.entries = kept;
      this.reindex();
    }
  }

  get(key: string): FlaggedCount | undefined {
    const entry = this.find(key);
    if (!entry) return undefined;
    let count = 0;
    for (let i = 0; i < entry.counts.length; i++) count += entry.counts[i];
    return { count, sinceMs: entry.sinceMs };
  }

  private find(key: string): Flagged | undefined {
    return this.entries.find((entry) => entry.key === key);
  }

  private reindex(): void {
    const table = this.table;
    const mask = this.tableMask;
    table.fill(0);
    this.signatures.fill(0);
    this.entries.forEach((entry, slot) => {
      const bit = signature(entry.key);
      this.signatures[bit >>> 5] |= 1 << (bit & 31);
      let i = entry.hash & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = slot + 1;
    });
  }
}
