/** One key and its LFU counter as last read from `OBJECT FREQ`. */
export interface HotKeyEntry {
  db: number;
  key: Buffer;
  freq: number;
  /** Server time of the reading (ms), for rates from successive readings; 0 when unknown. */
  atMs: number;
}

/** Hotter first; ties broken by db then key bytes so the order never flaps between equal keys. */
function hotterFirst(a: HotKeyEntry, b: HotKeyEntry): number {
  return b.freq - a.freq || a.db - b.db || Buffer.compare(a.key, b.key);
}

/**
 * The N hottest keys by frequency (pure, bounded: memory is N entries whatever is offered). N is small (tens), so a
 * sorted array beats a heap and keeps `entries()` free.
 */
export class TopKeys {
  private items: HotKeyEntry[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`top-N capacity must be >= 1, got ${capacity}`);
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds or updates a key; a key colder than the coldest of a full set is dropped at once. */
  offer(db: number, key: Buffer, freq: number, atMs = 0): void {
    if (!Number.isFinite(freq)) return;
    // Fast path for the common case in a scan (most keys are cold): no key comparison at all. A key already in the
    // set keeps its higher value then, which is what one pass over the keyspace wants ("hottest seen").
    const coldest = this.items[this.items.length - 1];
    if (this.items.length >= this.capacity && freq < coldest.freq) return;
    const existing = this.items.findIndex((e) => e.db === db && e.key.equals(key));
    if (existing >= 0) {
      this.items[existing] = { db, key: this.items[existing].key, freq, atMs };
    } else {
      const candidate = { db, key, freq, atMs };
      if (this.items.length >= this.capacity && hotterFirst(candidate, this.items[this.items.length - 1]) >= 0) return;
      // Copy: a Buffer from a reply may be a slice of a large socket buffer.
      this.items.push({ db, key: Buffer.from(key), freq, atMs });
    }
    this.items.sort(hotterFirst);
    if (this.items.length > this.capacity) this.items.length = this.capacity;
  }

  remove(db: number, key: Buffer): boolean {
    const index = this.items.findIndex((e) => e.db === db && e.key.equals(key));
    if (index < 0) return false;
    this.items.splice(index, 1);
    return true;
  }

  has(db: number, key: Buffer): boolean {
    return this.items.some((e) => e.db === db && e.key.equals(key));
  }

  /** Hottest first. */
  entries(): readonly HotKeyEntry[] {
    return this.items;
  }
}
