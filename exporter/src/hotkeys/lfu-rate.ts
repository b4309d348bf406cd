/**
 * Accesses per minute from successive readings of a key's Redis LFU counter (`OBJECT FREQ`). Pure: no I/O.
 *
 * How Redis (3.x–8.x, evict.c) keeps the counter, which this inverts:
 * - a new key starts at LFU_INIT_VAL (5); each access increments the counter c with probability
 *   1 / (max(c − 5, 0) · lfu-log-factor + 1), so the expected number of accesses for the step c → c+1 is
 *   max(c − 5, 0) · factor + 1 (a geometric wait); at 255 it saturates (further accesses are not counted);
 * - the counter loses one per `lfu-decay-time` minutes elapsed since the key's last access, measured on a minute
 *   clock (unixtime / 60); `OBJECT FREQ` returns the decayed value without touching the key.
 *
 * With lfu-decay-time 1 the decayed value drops by exactly one at every minute boundary whether or not the key is
 * accessed, so between two readings increments = Δcounter + minute boundaries crossed. With lfu-decay-time ≥ 2 an
 * access resets the decay clock, so a key accessed at least every minute never decays: increments = Δcounter (the
 * keys this is for are accessed far more often than that). With 0 there is no decay.
 *
 * The estimate is the expected accesses for those increments, each charged at the level where it happened
 * (spread evenly between the two readings), divided by the time between the readings. Its relative standard error
 * follows from the geometric waits: sqrt(Σ m(m − 1)) / Σ m over the step costs m — about 1/√(increments), so it
 * is tight for keys whose counter moves often (low factor, or many decays) and loose for a counter that barely moved.
 */

export const LFU_INIT_VAL = 5;
export const LFU_MAX = 255;

/** The server's LFU settings (`CONFIG GET lfu-log-factor lfu-decay-time`). */
export interface LfuSettings {
  logFactor: number;
  decayMinutes: number;
}

/** Redis's defaults, assumed when CONFIG GET is renamed or denied. */
export const DEFAULT_LFU_SETTINGS: LfuSettings = { logFactor: 10, decayMinutes: 1 };

/** One `OBJECT FREQ` reading, timed by the server clock (`TIME`). */
export interface LfuReading {
  atMs: number;
  counter: number;
}

export interface LfuRateEstimate {
  /** Expected accesses per minute between the two readings. */
  perMinute: number;
  /** Relative standard error of `perMinute` (0.1 = ±10 %); 1 when the counter gave no information (no step). */
  relativeError: number;
  /** Counter increments inferred between the readings. */
  increments: number;
  /** A reading was at 255: accesses there are not counted, so `perMinute` is a lower bound. */
  saturated: boolean;
}

/** Expected accesses for the counter to step from `level` to `level + 1`. */
export function stepCost(level: number, logFactor: number): number {
  return Math.max(level - LFU_INIT_VAL, 0) * logFactor + 1;
}

/** Expected accesses to lift a new key's counter from 5 to `counter` without decay (Redis docs' table). */
export function accessesToReach(counter: number, logFactor: number): number {
  let sum = 0;
  for (let c = LFU_INIT_VAL; c < counter; c++) sum += stepCost(c, logFactor);
  return sum;
}

/** Decay periods a continuously accessed key loses between two server times (see the module comment). */
export function decaysBetween(fromMs: number, toMs: number, decayMinutes: number): number {
  if (decayMinutes !== 1) return 0;
  return Math.max(0, Math.floor(toMs / 60_000) - Math.floor(fromMs / 60_000));
}

/** Rate between two readings of one key; undefined when they are not a second apart or the counter is pinned at 255. */
export function estimateLfuRate(
  first: LfuReading,
  last: LfuReading,
  settings: LfuSettings,
): LfuRateEstimate | undefined {
  const spanMs = last.atMs - first.atMs;
  if (!(spanMs >= 1000)) return undefined;
  const from = clampCounter(first.counter);
  const to = clampCounter(last.counter);
  // A counter that reached 0 may have absorbed decays; charge no more decays than it had to lose.
  const decays = Math.min(decaysBetween(first.atMs, last.atMs, settings.decayMinutes), to === 0 ? from : Infinity);
  const increments = Math.max(0, to - from + decays);
  // Pinned at 255 with nothing to add back: any rate would fit (with lfu-decay-time 0 or ≥ 2 a saturated hot key
  // stays there), so there is no estimate rather than a misleading 0.
  if (from >= LFU_MAX && to >= LFU_MAX && increments === 0) return undefined;
  let accesses = 0;
  let variance = 0;
  for (let i = 0; i < increments; i++) {
    // Levels spread evenly from `from` to `to`; with decays in between, a step re-climbs a level that was just lost.
    const level = Math.min(LFU_MAX - 1, from + (i * (to - from)) / increments - (decays > 0 ? 0.5 : 0));
    const cost = stepCost(level, settings.logFactor);
    accesses += cost;
    variance += cost * (cost - 1);
  }
  return {
    perMinute: (accesses * 60_000) / spanMs,
    relativeError: increments > 0 ? Math.sqrt(variance) / accesses : 1,
    increments,
    saturated: from >= LFU_MAX || to >= LFU_MAX,
  };
}

function clampCounter(counter: number): number {
  return Math.min(LFU_MAX, Math.max(0, Math.round(counter)));
}

/**
 * Readings of one key over a sliding window: the estimate spans from the oldest reading still in the window (or
 * the newest one before it) to the latest, so it sharpens as the window fills. Bounded: at most `maxReadings`.
 */
export class LfuRateWindow {
  private readings: LfuReading[] = [];

  constructor(
    readonly windowMs: number,
    readonly maxReadings = 128,
  ) {}

  add(reading: LfuReading): void {
    const last = this.readings[this.readings.length - 1];
    if (last && reading.atMs <= last.atMs) return;
    this.readings.push(reading);
    // Keep one reading at or before the window's start, so the span covers the whole window once it can.
    const start = reading.atMs - this.windowMs;
    let drop = 0;
    while (drop + 1 < this.readings.length && this.readings[drop + 1].atMs <= start) drop++;
    if (this.readings.length - drop > this.maxReadings) drop = this.readings.length - this.maxReadings;
    if (drop) this.readings = this.readings.slice(drop);
  }

  get latest(): LfuReading | undefined {
    return this.readings[this.readings.length - 1];
  }

  estimate(settings: LfuSettings): LfuRateEstimate | undefined {
    if (this.readings.length < 2) return undefined;
    return estimateLfuRate(this.readings[0], this.readings[this.readings.length - 1], settings);
  }
}

/** Parses a `CONFIG GET lfu-log-factor lfu-decay-time` reply (flat [name, value, …]); missing values keep defaults. */
export function parseLfuSettings(reply: unknown): LfuSettings {
  const out = { ...DEFAULT_LFU_SETTINGS };
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const name = String(reply[i]);
    const value = Number(String(reply[i + 1]));
    if (!Number.isSafeInteger(value) || value < 0) continue;
    if (name === 'lfu-log-factor') out.logFactor = value;
    if (name === 'lfu-decay-time') out.decayMinutes = value;
  }
  return out;
}
