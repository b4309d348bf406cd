import {
  accessesToReach,
  decaysBetween,
  estimateLfuRate,
  LfuRateWindow,
  parseLfuSettings,
  stepCost,
  type LfuSettings,
} from '../../src/hotkeys/lfu-rate';
import { seededRandom } from '../../../demo/src/zipf';

/** Redis's LFU counter as evict.c keeps it (LFULogIncr, LFUDecrAndReturn, updateLFU), on a simulated clock. */
class SimulatedLfuKey {
  private counter = 5;
  private ldt: number;
  constructor(
    private readonly settings: LfuSettings,
    private readonly random: () => number,
    startMs: number,
  ) {
    this.ldt = minute(startMs);
  }
  read(atMs: number): number {
    const periods = this.settings.decayMinutes ? Math.floor((minute(atMs) - this.ldt) / this.settings.decayMinutes) : 0;
    return periods > this.counter ? 0 : this.counter - periods;
  }
  access(atMs: number): void {
    let c = this.read(atMs);
    if (c < 255 && this.random() < 1 / (Math.max(c - 5, 0) * this.settings.logFactor + 1)) c++;
    this.counter = c;
    this.ldt = minute(atMs);
  }
}
const minute = (ms: number) => Math.floor(ms / 60_000);

/** A key accessed evenly at `perMinute` from `startMs` for `minutes`, read every `readEveryMs`; returns estimates. */
function simulate(settings: LfuSettings, perMinute: number, minutes: number, windowMs: number, seed: number) {
  const random = seededRandom(seed);
  const startMs = 1_700_000_017_000; // not on a minute boundary
  const key = new SimulatedLfuKey(settings, random, startMs);
  const window = new LfuRateWindow(windowMs);
  const gap = 60_000 / perMinute;
  const endMs = startMs + minutes * 60_000;
  let next = startMs;
  for (let t = startMs; t <= endMs; t += 10_000) {
    for (; next < t; next += gap) key.access(next);
    window.add({ atMs: t, counter: key.read(t) });
  }
  return window.estimate(settings)!;
}

describe('LFU step costs', () => {
  it('match Redis: p = 1 / ((c − 5)·factor + 1), 1 below 5', () => {
    expect(stepCost(5, 10)).toBe(1);
    expect(stepCost(6, 10)).toBe(11);
    expect(stepCost(2, 10)).toBe(1);
    expect(stepCost(100, 0)).toBe(1);
    // Redis docs: with factor 10, ~100 accesses give a counter of ~10.
    expect(accessesToReach(10, 10)).toBe(105);
  });

  it('counts decays only at minute boundaries with lfu-decay-time 1', () => {
    expect(decaysBetween(59_000, 61_000, 1)).toBe(1);
    expect(decaysBetween(61_000, 119_000, 1)).toBe(0);
    expect(decaysBetween(0, 600_000, 0)).toBe(0);
    // ≥ 2: an access resets the decay clock, so a key accessed every minute never decays.
    expect(decaysBetween(0, 600_000, 2)).toBe(0);
  });
});

describe('estimateLfuRate', () => {
  const exact: LfuSettings = { logFactor: 0, decayMinutes: 1 };

  it('is exact with factor 0 (every access increments), decays added back', () => {
    // 90 accesses over 3 minutes, 3 minute boundaries crossed: 5 + 90 − 3 = 92.
    const estimate = estimateLfuRate({ atMs: 30_000, counter: 5 }, { atMs: 210_000, counter: 92 }, exact)!;
    expect(estimate.increments).toBe(90);
    expect(estimate.perMinute).toBeCloseTo(30, 6);
    expect(estimate.saturated).toBe(false);
  });

  it('charges each step at its level', () => {
    const s = { logFactor: 10, decayMinutes: 0 };
    const estimate = estimateLfuRate({ atMs: 0, counter: 5 }, { atMs: 60_000, counter: 10 }, s)!;
    expect(estimate.perMinute).toBeCloseTo(105, 6);
    expect(estimate.relativeError).toBeGreaterThan(0.3);
  });

  it('reports no information for a flat counter without decay, and a lower bound at 255', () => {
    const flat = estimateLfuRate(
      { atMs: 0, counter: 40 },
      { atMs: 60_000, counter: 40 },
      { logFactor: 10, decayMinutes: 0 },
    )!;
    expect(flat).toMatchObject({ perMinute: 0, relativeError: 1, increments: 0 });
    const top = estimateLfuRate({ atMs: 0, counter: 250 }, { atMs: 60_000, counter: 255 }, DEFAULTS)!;
    expect(top.saturated).toBe(true);
    const pinned = { logFactor: 10, decayMinutes: 0 };
    expect(estimateLfuRate({ atMs: 0, counter: 255 }, { atMs: 60_000, counter: 255 }, pinned)).toBeUndefined();
  });

  it('never counts decays a counter at 0 could not lose, and needs a second between readings', () => {
    expect(estimateLfuRate({ atMs: 0, counter: 2 }, { atMs: 600_000, counter: 0 }, exact)!.perMinute).toBe(0);
    expect(estimateLfuRate({ atMs: 0, counter: 5 }, { atMs: 500, counter: 9 }, exact)).toBeUndefined();
  });
});
const DEFAULTS: LfuSettings = { logFactor: 10, decayMinutes: 1 };

describe('estimate against a simulated Redis LFU counter (ground truth known)', () => {
  // Each case: settings, true rate, minutes the key has been hot when read, rate window.
  const cases: [string, LfuSettings, number, number][] = [
    ['defaults, 1,000/min, 5 min', DEFAULTS, 1000, 5],
    ['defaults, 3,000/min, 3 min', DEFAULTS, 3000, 3],
    ['factor 1, 1,000/min, 3 min', { logFactor: 1, decayMinutes: 1 }, 1000, 3],
    ['decay 0, 2,000/min, 5 min', { logFactor: 10, decayMinutes: 0 }, 2000, 5],
  ];
  it.each(cases)('%s: the error stays within 3 published standard errors', (_name, settings, rate, minutes) => {
    const z: number[] = [];
    for (let seed = 1; seed <= 100; seed++) {
      const estimate = simulate(settings, rate, minutes, 5 * 60_000, seed);
      z.push(Math.abs(estimate.perMinute - rate) / (estimate.relativeError * rate));
    }
    z.sort((a, b) => a - b);
    // Normal-ish: ≥ 97 % inside 3σ, and the error model not wildly pessimistic (median |z| well above 0.2).
    expect(z[Math.floor(z.length * 0.97)]).toBeLessThan(3);
    expect(z[z.length >> 1]).toBeGreaterThan(0.2);
  });
});

describe('LfuRateWindow', () => {
  it('spans from the last reading at or before the window start to the latest', () => {
    const w = new LfuRateWindow(60_000);
    expect(w.estimate(DEFAULTS)).toBeUndefined();
    for (let t = 0; t <= 180_000; t += 10_000) w.add({ atMs: t, counter: 5 + t / 10_000 });
    const e = w.estimate({ logFactor: 0, decayMinutes: 0 })!;
    // 120 s → 180 s: 6 steps in 60 s.
    expect(e.perMinute).toBeCloseTo(6, 6);
    w.add({ atMs: 170_000, counter: 99 }); // out of order: ignored
    expect(w.latest?.counter).toBe(23);
  });

  it('holds at most maxReadings', () => {
    const w = new LfuRateWindow(3_600_000, 4);
    for (let t = 0; t < 100_000; t += 1000) w.add({ atMs: t, counter: 5 });
    expect(w.estimate({ logFactor: 0, decayMinutes: 0 })).toMatchObject({ increments: 0 });
  });
});

describe('parseLfuSettings', () => {
  it('reads CONFIG GET, keeping defaults for what is missing or invalid', () => {
    expect(parseLfuSettings(['lfu-log-factor', '1', 'lfu-decay-time', '0'])).toEqual({ logFactor: 1, decayMinutes: 0 });
    expect(parseLfuSettings(['lfu-decay-time', 'x'])).toEqual(DEFAULTS);
    expect(parseLfuSettings(null)).toEqual(DEFAULTS);
  });
});
