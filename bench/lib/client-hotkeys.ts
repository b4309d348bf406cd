import { HotKeyTracker } from '../../instrument/src/hotkeys';
import { createRedactionPolicy, type RedactionPolicy } from '../../instrument/src/redaction';
import { HeavyKeeper, SlidingTopK } from '../../instrument/src/topk';
import { Zipf, seededRandom } from '../../demo/src/zipf';
import { selfCpuNs } from './proc';
import { median } from './results';

export interface ClientRateResult {
  /** Sorted relative errors of the top 10's reported rates against the true rates over the same window. */
  measuredErrors: number[];
  /** The same for the HeavyKeeper count over the window (the rate reported before exact counts). */
  sketchErrors: number[];
  /** Share of the true top 10 (by accesses in the window) among the tracker's reported top 10. */
  recall: number;
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
  for (let i = 0; i < accesses; i++) {
    if (i % 1000 === 0) clock = (i * 1000) / perSecond;
    if (rotatesAt(i)) {
      tracker.rotate();
      sketchOnly.rotate();
    }
    const key = `user:${ranks[i]}:profile`;
    tracker.record(key);
    sketchOnly.add(key);
  }
  clock = END_MS;
  const snapshot = tracker.snapshot();
  tracker.stop();
  const errors = (pairs: { rate: number; key: string }[]) =>
    pairs.map((p) => Math.abs(p.rate - truth(p.key)) / truth(p.key)).sort((a, b) => a - b);
  const minutes = (END_MS - WINDOW_START_MS) / 60_000;
  const trueTop = new Set(
    Array.from(inWindow.keys())
      .sort((a, b) => inWindow[b] - inWindow[a])
      .slice(0, 10),
  );
  const recall = snapshot.keys.filter((k) => trueTop.has(Number(k.key.split(':')[1]))).length / 10;
  const coverage = snapshot.keys.map((k) => k.coverage);
  return {
    measuredErrors: errors(snapshot.keys),
    recall,
    sketchErrors: errors(sketchOnly.top(10).map((k) => ({ key: k.key, rate: k.count / minutes }))),
    coverage: [Math.min(...coverage), Math.max(...coverage)],
    notes: `Zipf(1.1), ${keys} keys, ${accesses} accesses at ${perSecond}/s on a simulated clock, 6 × 10 s sub-windows, top 10 at ${END_MS / 1000} s (window ${WINDOW_START_MS / 1000}–${END_MS / 1000} s); coverage ${Math.min(...coverage)}–${Math.max(...coverage)}`,
  };
}

export interface UpdateCostResult {
  /** Median CPU ns per access each path adds to the application's own work on the key (below). */
  trackerNs: number;
  trackerWithoutLearningNs: number;
  sketchNs: number;
  /** The application's own work per access in the same rounds: building the key and ioredis's byte count. */
  applicationNs: number;
  notes: string;
}

/**
 * Keys an application builds fresh for each command: `heads[i] + tails[i]` (a new string per access, as
 * `` `user:${id}:profile` `` is), chosen by Zipf(1.1) rank.
 */
export interface Keyspace {
  heads: string[];
  tails: string[];
  description: string;
}

/** `user:<id>:profile` for ids 1..n. */
export function userKeyspace(n = 1_000_000): Keyspace {
  const heads = new Array<string>(n).fill('user:');
  const tails = Array.from({ length: n }, (_, i) => `${i + 1}:profile`);
  return { heads, tails, description: `${n} keys user:<id>:profile` };
}

/** Given keys, split after their first character so each access still builds a new string. */
export function keyspaceOf(keys: readonly string[], description: string): Keyspace {
  return { heads: keys.map((k) => k.slice(0, 1)), tails: keys.map((k) => k.slice(1)), description };
}

/**
 * The client hot-key update cost: CPU per access that HotKeyTracker (record, then the batched drain: sampled sketch,
 * exact counts of flagged keys, sampled redaction learning) adds to an application, beside the sliding HeavyKeeper
 * alone (the path before exact counts and learning) and the tracker without learning (the previous redaction engine
 * learned nothing per access).
 *
 * Each access builds a fresh key string as an application does and takes its `Buffer.byteLength`, which ioredis does
 * for every string argument when it writes the command (and which flattens the string, as the tracker finds it when
 * it drains after the write). That work is measured alone in the same rounds and subtracted. Paths run in a random
 * order each round, rounds interleaved so load changes on the machine fall on every path; CPU time
 * (`process.cpuUsage`), median of the per-round differences. The tracker runs on a simulated clock at `perSecond`
 * accesses per second, so it flags keys each second and rotates every 10 s as it does live (which sets its samples).
 */
export function measureUpdateCost(
  keyspace: Keyspace = userKeyspace(),
  options: { accessesPerRound?: number; rounds?: number; perSecond?: number } = {},
): UpdateCostResult {
  const { accessesPerRound = 1_000_000, rounds = 31, perSecond = 100_000 } = options;
  const zipf = new Zipf(keyspace.heads.length, 1.1, seededRandom(7));
  const ranks = new Uint32Array(accessesPerRound);
  for (let i = 0; i < accessesPerRound; i++) ranks[i] = zipf.next() - 1;
  let clock = 0;
  /** Calls `rotate` once every 10 s of the simulated clock, as the tracker's timer would. */
  const everyTenSeconds = (rotate: () => void) => {
    let rotatedAt = 0;
    return () => {
      if (clock - rotatedAt < 10_000) return;
      rotatedAt = clock;
      rotate();
    };
  };
  const policy = (learning: boolean): RedactionPolicy => {
    const p = createRedactionPolicy({ hashSecret: 'bench' });
    if (!learning) p.engine.observe = () => undefined;
    return p;
  };
  const trackerPath = (learning: boolean) => {
    const tracker = new HotKeyTracker({ redaction: policy(learning), autoRotate: false, now: () => clock });
    return {
      add: (key: string) => tracker.record(key),
      tick: everyTenSeconds(() => tracker.rotate()),
      end: () => tracker.drain(),
      stop: () => tracker.stop(),
    };
  };
  const sketch = new SlidingTopK(6, () => new HeavyKeeper({ k: 64 }));
  const paths = {
    application: {
      add: (_key: string) => undefined,
      tick: () => undefined,
      end: () => undefined,
      stop: () => undefined,
    },
    tracker: trackerPath(true),
    trackerWithoutLearning: trackerPath(false),
    sketch: {
      add: (key: string) => sketch.add(key),
      tick: everyTenSeconds(() => sketch.rotate()),
      end: () => undefined,
      stop: () => undefined,
    },
  };
  type Name = keyof typeof paths;
  const names = Object.keys(paths) as Name[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Name, number[]>;
  const msPerBatch = (1024 * 1000) / perSecond;
  // One loop compiled per path: a shared loop's `add` call would see every path (megamorphic, never inlined) and
  // charge that to all of them.
  const loops = Object.fromEntries(names.map((n) => [n, compileLoop()])) as Record<Name, CompiledLoop>;
  for (let round = 0; round < rounds; round++) {
    const order = [...names].sort(() => Math.random() - 0.5);
    const took = {} as Record<Name, number>;
    const clockAtStart = clock;
    for (const name of order) {
      const path = paths[name];
      clock = clockAtStart;
      const start = selfCpuNs();
      loops[name](ranks, keyspace.heads, keyspace.tails, path.add, () => {
        clock += msPerBatch;
        path.tick();
      });
      path.end();
      took[name] = (selfCpuNs() - start) / accessesPerRound;
    }
    for (const name of names) samples[name].push(name === 'application' ? took[name] : took[name] - took.application);
  }
  for (const name of names) paths[name].stop();
  return {
    trackerNs: median(samples.tracker),
    trackerWithoutLearningNs: median(samples.trackerWithoutLearning),
    sketchNs: median(samples.sketch),
    applicationNs: median(samples.application),
    notes: `CPU per access added to an application building each key and taking its byte length as ioredis does (${median(samples.application).toFixed(0)} ns, subtracted, measured in the same rounds); Zipf(1.1) over ${keyspace.description}, ${accessesPerRound} accesses per round at ${perSecond}/s simulated (flags each second, rotates every 10 s), median of ${rounds} interleaved rounds`,
  };
}

type CompiledLoop = (
  ranks: Uint32Array,
  heads: string[],
  tails: string[],
  add: (key: string) => void,
  everyBatch: () => void,
) => number;

/** A fresh copy of the access loop (its own type feedback): build the key, take its byte length, hand it over. */
function compileLoop(): CompiledLoop {
  // A separate function per path on purpose (see measureUpdateCost).
  return new Function(
    'ranks',
    'heads',
    'tails',
    'add',
    'everyBatch',
    `let bytes = 0;
     for (let i = 0; i < ranks.length; i++) {
       if ((i & 1023) === 0) everyBatch();
       const key = heads[ranks[i]] + tails[ranks[i]];
       bytes += Buffer.byteLength(key);
       add(key);
     }
     return bytes;`,
  ) as CompiledLoop;
}
