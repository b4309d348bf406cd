/**
 * Exact access counts for the few keys a top-k sketch has flagged as hot, per sub-window (rotated with the sketch's
 * sliding window), so the rates reported for them are measured rather than read off the sketch, whose counts are
 * lower bounds. A key is counted from the moment it is flagged: its rate is its count over the time since then (or
 * over the live window once that is shorter), which is exact for that span however late the key was flagged.
 * Pure: the owner passes the time.
 */
interface Flagged {
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

export class FlaggedCounts {
  private readonly entries = new Map<string, Flagged>();
  private current = 0;
  private rotations = 0;

  constructor(
    readonly subWindows: number,
    /** Keys counted at most; beyond it the least recently flagged are dropped. */
    readonly capacity: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** One access (a Map lookup; nothing else unless the key is flagged). */
  count(key: string): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) entry.counts[this.current]++;
  }

  /** Starts exact counts for the keys not counted yet and keeps the others. */
  flag(keys: readonly string[], nowMs: number): void {
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) entry.flaggedAt = this.rotations;
      else
        this.entries.set(key, { counts: new Uint32Array(this.subWindows), sinceMs: nowMs, flaggedAt: this.rotations });
    }
    if (this.entries.size <= this.capacity) return;
    const byAge = [...this.entries].sort((a, b) => a[1].flaggedAt - b[1].flaggedAt);
    for (const [key] of byAge.slice(0, this.entries.size - this.capacity)) this.entries.delete(key);
  }

  /** Starts the next sub-window (dropping the oldest's counts) and forgets keys not flagged for a whole window. */
  rotate(): void {
    this.current = (this.current + 1) % this.subWindows;
    this.rotations++;
    for (const [key, entry] of this.entries) {
      if (this.rotations - entry.flaggedAt >= this.subWindows) this.entries.delete(key);
      else entry.counts[this.current] = 0;
    }
  }

  get(key: string): FlaggedCount | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    let count = 0;
    for (let i = 0; i < entry.counts.length; i++) count += entry.counts[i];
    return { count, sinceMs: entry.sinceMs };
  }
}
