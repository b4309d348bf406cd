/**
 * The learned vocabulary: which key segments are names (`session`, `profile`) rather than identifiers. Pure, fixed
 * memory, no Node imports.
 *
 * The rule, per position (a rendered prefix such as `user:{id}:` plus whether the segment ends the key): a segment
 * value stays raw only when
 *   1. at least `minKeys` (k) distinct keys carried it at that position within the current or the previous window,
 *   2. the position has shown at most `maxValues` (V) distinct values — more than that makes it an identifier
 *      position (user ids, tenants, dates), where every value is `{id}` however many keys share it, and
 *   3. it is at most MAX_NAME_CHARS long.
 * Everything else is `{id}`. Keys are counted by a 32-bit fingerprint of the whole key, so one hot key read a
 * million times still counts once.
 *
 * Stability: a learned value stays raw for the rest of its window and the whole next one, and is kept while it is
 * confirmed again (k keys) in each window; an identifier position stays one while it keeps being seen. So a label
 * changes at most when a value is first learned (`{id}` → name) and when it has not been confirmed for a whole
 * window — never back and forth with one key's traffic.
 */
import { hash32 } from '../hash';

export interface LearnerOptions {
  /** k: distinct keys that must share a segment value before it is shown. */
  minKeys: number;
  /** V: distinct values a position may show before it counts as an identifier position. */
  maxValues: number;
  /** Learning window in milliseconds. */
  windowMs: number;
  /** Positions tracked at most (fixed memory); a position beyond this renders `{id}`. */
  maxPositions: number;
  now?: () => number;
}

/** Chosen by measurement: docs/instrument.md "Key redaction" and `npm run bench redaction`. */
export const DEFAULT_LEARNER_OPTIONS: Readonly<Omit<LearnerOptions, 'now'>> = {
  minKeys: 8,
  maxValues: 64,
  windowMs: 60 * 60_000,
  maxPositions: 512,
};

/** Longer segments are never names. */
export const MAX_NAME_CHARS = 48;

interface ValueStat {
  /** Fingerprints of the distinct keys seen this window, up to k; emptied once k is reached. */
  fps: Uint32Array | undefined;
  count: number;
  /** Window in which the value last reached k keys; -2 when never. */
  learnedIn: number;
}

interface Position {
  /** Undefined while the position is an identifier position. */
  values: Map<string, ValueStat> | undefined;
  /** Last window in which this identifier position was seen (it stays one while seen). */
  openIn: number;
}

export type SegmentVerdict = 'learned' | 'identifier_position' | 'fewer_than_k' | 'too_long' | 'untracked';

/**
 * A key's fingerprint: the client path's one hash (hash.ts), so the hot-key tracker's hash of an access serves here
 * too. A collision only ever makes a count smaller (the safe direction).
 */
export const fingerprint: (text: string) => number = hash32;

export class PatternLearner {
  readonly options: Readonly<Omit<LearnerOptions, 'now'>>;
  private readonly now: () => number;
  private readonly epoch: number;
  private readonly positions = new Map<string, Position>();
  private window = 0;
  /** Bumped whenever a rendering could change, so callers can keep rendered labels until then. */
  version = 0;

  constructor(options: Partial<LearnerOptions> = {}) {
    const { now, ...rest } = options;
    this.options = { ...DEFAULT_LEARNER_OPTIONS, ...rest };
    for (const [name, min] of [
      ['minKeys', 1],
      ['maxValues', 1],
      ['windowMs', 1],
      ['maxPositions', 1],
    ] as const) {
      const value = this.options[name];
      if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
    }
    this.now = now ?? Date.now;
    this.epoch = this.now();
  }

  /** Counts one occurrence of `value` at `position` in the key whose fingerprint is `fp`. */
  observe(position: string, value: string, fp: number): void {
    this.tick();
    if (value.length > MAX_NAME_CHARS) return;
    let pos = this.positions.get(position);
    if (pos === undefined) {
      if (this.positions.size >= this.options.maxPositions) return;
      pos = { values: new Map(), openIn: -2 };
      this.positions.set(position, pos);
    }
    const values = pos.values;
    if (values === undefined) {
      pos.openIn = this.window;
      return;
    }
    let stat = values.get(value);
    if (stat === undefined) {
      if (values.size >= this.options.maxValues) {
        this.open(pos);
        return;
      }
      stat = { fps: new Uint32Array(this.options.minKeys), count: 0, learnedIn: -2 };
      values.set(value, stat);
    }
    if (stat.learnedIn === this.window) return;
    const fps = (stat.fps ??= new Uint32Array(this.options.minKeys));
    for (let i = 0; i < stat.count; i++) if (fps[i] === fp) return;
    fps[stat.count++] = fp;
    if (stat.count >= this.options.minKeys) {
      if (stat.learnedIn < this.window - 1) this.version++;
      stat.learnedIn = this.window;
      stat.fps = undefined;
      stat.count = 0;
    }
  }

  /** True when `value` may be shown at `position`. */
  isName(position: string, value: string): boolean {
    this.tick();
    const stat = this.positions.get(position)?.values?.get(value);
    return stat !== undefined && stat.learnedIn >= this.window - 1;
  }

  /** Why `value` is or is not shown at `position` (for the debug endpoint). */
  verdict(position: string, value: string): SegmentVerdict {
    if (value.length > MAX_NAME_CHARS) return 'too_long';
    const pos = this.positions.get(position);
    if (!pos) return 'untracked';
    if (!pos.values) return 'identifier_position';
    return this.isName(position, value) ? 'learned' : 'fewer_than_k';
  }

  /** The learned names, by position, for the debug endpoint (they are by construction not identifying). */
  vocabulary(): { position: string; names: string[]; identifierPosition: boolean }[] {
    this.tick();
    const out: { position: string; names: string[]; identifierPosition: boolean }[] = [];
    for (const [position, pos] of this.positions) {
      const names = pos.values ? [...pos.values].filter(([, s]) => s.learnedIn >= this.window - 1).map(([v]) => v) : [];
      out.push({ position, names, identifierPosition: !pos.values });
    }
    return out;
  }

  get size(): { positions: number; values: number } {
    let values = 0;
    for (const pos of this.positions.values()) values += pos.values?.size ?? 0;
    return { positions: this.positions.size, values };
  }

  get windowIndex(): number {
    this.tick();
    return this.window;
  }

  private open(pos: Position): void {
    for (const stat of pos.values!.values()) {
      if (stat.learnedIn >= this.window - 1) {
        this.version++;
        break;
      }
    }
    pos.values = undefined;
    pos.openIn = this.window;
  }

  /** Starts a new window when the clock passed one: counts restart, values not confirmed for a window go. */
  private tick(): void {
    const current = Math.floor((this.now() - this.epoch) / this.options.windowMs);
    if (current === this.window) return;
    this.window = current;
    for (const [key, pos] of this.positions) {
      if (!pos.values) {
        if (pos.openIn < current - 1) pos.values = new Map();
        else continue;
      }
      for (const [value, stat] of pos.values) {
        if (stat.learnedIn < current - 1) {
          if (stat.learnedIn >= 0) this.version++;
          pos.values.delete(value);
        } else {
          stat.fps = undefined;
          stat.count = 0;
        }
      }
      if (!pos.values.size) this.positions.delete(key);
    }
  }
}
