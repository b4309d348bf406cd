import { HotKeyTracker } from '../../instrument/src/hotkeys';
import { createRedactionPolicy } from '../../instrument/src/redaction';
import { HeavyKeeper, SlidingTopK } from '../../instrument/src/topk';
import { Zipf, seededRandom } from '../../demo/src/zipf';

export interface ClientRateResult {
  /** Sorted relative errors of the top 10's reported rates against the true rates over the same window. */
  measuredErrors: number[];
  /** The same for the HeavyKeeper count over the window (the rate reported before exact counts). */
  sketchErrors: number[];
  /** ns per access: HotKeyTracker's path (record + drain: sketch + exact counts), and the sliding sketch alone. */
  trackerNs: number;
  sketchNs: number;
  coverage: [number, number];
  notes: string;
}

/**
 * Zipf(1.1) over `keys` keys at `perSecond` accesses on a simulated clock, 6 × 10 s sub-windows, top 10 read at 95 s
 * (live window 40–95 s). Both paths run per 1M-access slice in turn, so load changes on the machine fall on both.
 */
export function measureClientRates(keys = 1_000_000, perSecond = 100_000): ClientRateResult {
  const END_MS = 95_000;
  const WINDOW_START_MS = 40_000;
  const accesses = (END_MS * perSecond) / 1000;
  const zipf = new Zipf(keys, 1.1, seededRandom(2026));
  const ranks = new Uint32Array(accesses);
  for (let i = 0; i < accesses; i++) ranks[i] = zipf.next();
  const inWindow = new Uint32Array(keys + 1);
  for (let i = (WINDOW_START_MS * perSecond) / 1000; i < accesses; i++) inWindow[ranks[i]]++;
  const truth = (key: string) => (inWindow[Number(key.split(':')[1])] * 60_000) / (END_MS - WINDOW_START_MS);

  let clock = 0;
  const tracker = new HotKeyTracker({
    redaction: createRedactionPolicy({ rawPrefixes: ['user:'] }),
    autoRotate: false,
    now: () => clock,
  });
  const sketchOnly = new SlidingTopK(6, () => new HeavyKeeper({ k: 64 }));
  const rotatesAt = (i: number) => i > 0 && ((i * 1000) / perSecond) % 10_000 === 0;
  let trackerNs = 0;
  let sketchNs = 0;
  const SLICE = 1_000_000;
  for (let from = 0; from < accesses; from += SLICE) {
    const to = Math.min(accesses, from + SLICE);
    let t0 = process.hrtime.bigint();
    for (let i = from; i < to; i++) {
      if (i % 1000 === 0) clock = (i * 1000) / perSecond;
      if (rotatesAt(i)) tracker.rotate();
      tracker.record(`user:${ranks[i]}:profile`);
    }
    tracker.drain();
    trackerNs += Number(process.hrtime.bigint() - t0);
    t0 = process.hrtime.bigint();
    for (let i = from; i < to; i++) {
      if (rotatesAt(i)) sketchOnly.rotate();
      sketchOnly.add(`user:${ranks[i]}:profile`);
    }
    sketchNs += Number(process.hrtime.bigint() - t0);
  }
  clock = END_MS;
  const snapshot = tracker.snapshot();
  tracker.stop();
  const errors = (pairs: { rate: number; key: string }[]) =>
    pairs.map((p) => Math.abs(p.rate - truth(p.key)) / truth(p.key)).sort((a, b) => a - b);
  const minutes = (END_MS - WINDOW_START_MS) / 60_000;
  const coverage = snapshot.keys.map((k) => k.coverage);
  return {
    measuredErrors: errors(snapshot.keys),
    sketchErrors: errors(sketchOnly.top(10).map((k) => ({ key: k.key, rate: k.count / minutes }))),
    trackerNs: trackerNs / accesses,
    sketchNs: sketchNs / accesses,
    coverage: [Math.min(...coverage), Math.max(...coverage)],
    notes: `Zipf(1.1), ${keys} keys, ${accesses} accesses at ${perSecond}/s on a simulated clock, 6 × 10 s sub-windows, top 10 at ${END_MS / 1000} s (window ${WINDOW_START_MS / 1000}–${END_MS / 1000} s); coverage ${Math.min(...coverage)}–${Math.max(...coverage)}; cost includes building the key string`,
  };
}
