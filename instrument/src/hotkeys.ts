import { metrics, type BatchObservableCallback, type MeterProvider } from '@opentelemetry/api';
import { defaultRedactionPolicy, observeKey, renderKey, type RedactionPolicy, type RenderedKey } from './redaction';
import { registerRedactionMetrics } from './redaction-metrics';
import { HeavyKeeper, SlidingTopK, SpaceSaving, type TopKSketch } from './topk';
import { FlaggedCounts } from './flagged-counts';
import { hash32, xorshift32 } from './hash';
import { INSTRUMENTATION_NAME, type HotKeySink } from './ioredis';

/**
 * Client-side hot keys: every keyed command's first key goes into a sliding-window top-k (HeavyKeeper) that decides
 * which keys are hot; the keys it flags are then counted exactly (flagged-counts.ts), so the top N are exported as
 * measured rates: `redislens.hotkey.rate{key,pattern,source="client_measured"}` (accesses per minute, keys rendered
 * by redaction.ts), `redislens.hotkey.rate.coverage` (the share of the window the exact count spans) and the count
 * above the threshold as `redislens.hotkeys.over_threshold`.
 */

export interface HotKeyOptions {
  meterProvider?: MeterProvider;
  /** Window length. Default 60 s. */
  windowMs?: number;
  /** Sub-windows the window rotates through. Default 6 (10 s each with the default window). */
  subWindows?: number;
  /** Keys exported. Default 10. */
  topN?: number;
  /** Candidates tracked per sub-window. Default 64. */
  capacity?: number;
  /** Accesses per minute above which a key counts as hot. Default 1,000. */
  thresholdPerMinute?: number;
  algorithm?: 'heavykeeper' | 'space-saving';
  /** How keys are rendered in labels. Default: the process-wide policy from REDIS_LENS_* env (redaction.ts). */
  redaction?: RedactionPolicy;
  /** Clock, injectable for tests. */
  now?: () => number;
  /** Rotate sub-windows from a timer. Default true; tests drive `rotate()` themselves. */
  autoRotate?: boolean;
}

const MAX_PENDING = 8192;
/**
 * Sampling keeps the cost per access flat as traffic grows (bench/hotkeys.bench.ts, `npm run bench hotkeys`). Every
 * access is checked against the exact counts (a signature, then the hash when it may match), so a flagged key's rate
 * is always measured, never sampled; what is sampled is the work that only needs a sample:
 * - the sketch, which only has to pick the hot keys: every access up to SKETCH_PER_SUB_WINDOW accesses per
 *   sub-window (~800/s with the defaults), beyond that one in 2, 4, 8, …, with each sub-window's counts weighted by
 *   its rate;
 * - the redaction learner, which counts distinct keys: every access of the first LEARN_ALL_FIRST (names show soon
 *   after start), then about LEARN_PER_SUB_WINDOW keys per sub-window (~25/s); one learned key costs ~2 µs.
 * Rates are set at each rotation from the sub-window that ended (the power of two that fits its traffic into the
 * budget) and draw from a PRNG, not a counter, so a periodic access pattern cannot hide keys from the sample. A
 * quiet client samples nothing out; learning less never shows more (names still need k distinct keys).
 */
const SKETCH_PER_SUB_WINDOW = 8_192;
const LEARN_ALL_FIRST = 4096;
const LEARN_PER_SUB_WINDOW = 256;

/** The mask m (2^n − 1) for sampling one access in m + 1 so that `accesses` fit into `budget`. */
export function sampleMask(accesses: number, budget: number, maxMask: number): number {
  let mask = 0;
  while (mask < maxMask && accesses / (mask + 1) > budget) mask = mask * 2 + 1;
  return mask;
}

/** How often the sketch's current top keys are flagged for exact counting. */
const FLAG_INTERVAL_MS = 1000;
/** Below this much exact counting, a key's rate is the sketch's estimate and its coverage 0. */
const MIN_MEASURED_MS = 1000;
const MAX_TRACKED_KEY_CHARS = 1024;

export interface HotKeyEntry {
  /** Rendered label (`pattern#hash`, raw only when the policy allows). */
  key: string;
  pattern: string;
  /**
   * Accesses per minute: measured over the time the exact count spans, else the sketch's estimate (a lower bound
   * while the sketch sees every access).
   */
  rate: number;
  /** Accesses the rate is based on. */
  count: number;
  /** Share of the window the exact count spans (1 = the whole window; 0 = not measured yet, sketch estimate). */
  coverage: number;
}

export interface HotKeySnapshot {
  source: 'client_measured';
  algorithm: string;
  windowSeconds: number;
  thresholdPerMinute: number;
  overThreshold: number;
  keys: HotKeyEntry[];
}

export class HotKeyTracker implements HotKeySink {
  private readonly window: SlidingTopK;
  private readonly windowMs: number;
  private readonly subWindowMs: number;
  private readonly topN: number;
  private readonly threshold: number;
  private readonly policy: RedactionPolicy;
  private readonly now: () => number;
  private readonly startedAt: number;
  private currentStartedAt: number;
  private rotations = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly rendered = new Map<string, RenderedKey>();
  private renderedVersion = -1;
  private learnTick = 0;
  /** Learn from one access in learnMask + 1 (after the first LEARN_ALL_FIRST); set at each rotation. */
  private learnMask = 63;
  /** Add one access in sketchMask + 1 to the sketch; set at each rotation. */
  private sketchMask = 0;
  /** xorshift32 state for both samples (sketch: low bits, learner: bits 8 and up). */
  private sampleState = 0x9e3779b9;
  private accessesThisSubWindow = 0;
  private unregister: (() => void) | undefined;
  private pending: string[] = [];
  private drainScheduled = false;
  private readonly exact: FlaggedCounts;
  private nextFlagAt: number;
  readonly algorithm: 'heavykeeper' | 'space-saving';

  constructor(options: HotKeyOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    const subWindows = options.subWindows ?? 6;
    this.subWindowMs = this.windowMs / subWindows;
    this.topN = options.topN ?? 10;
    this.threshold = options.thresholdPerMinute ?? 1000;
    this.policy = options.redaction ?? defaultRedactionPolicy();
    this.now = options.now ?? Date.now;
    this.algorithm = options.algorithm ?? 'heavykeeper';
    const capacity = options.capacity ?? 64;
    const create = (): TopKSketch =>
      this.algorithm === 'space-saving' ? new SpaceSaving(capacity * 4) : new HeavyKeeper({ k: capacity });
    this.window = new SlidingTopK(subWindows, create);
    this.startedAt = this.currentStartedAt = this.nextFlagAt = this.now();
    this.exact = new FlaggedCounts(subWindows, 4 * this.topN);
    if (options.autoRotate !== false) {
      this.timer = setInterval(() => this.rotate(), this.subWindowMs);
      this.timer.unref();
    }
    this.registerMetrics(options.meterProvider ?? metrics.getMeterProvider());
  }

  /**
   * Called for every keyed command. Keys are queued and counted in a batch on the next `setImmediate` (while the
   * application waits on I/O) rather than on the command's path; the queue is bounded.
   */
  readonly record = (key: string): void => {
    // Bounded memory whatever the keys: a huge key is tracked by its first MAX_TRACKED_KEY_CHARS characters.
    this.pending.push(key.length > MAX_TRACKED_KEY_CHARS ? key.slice(0, MAX_TRACKED_KEY_CHARS) : key);
    if (this.pending.length >= MAX_PENDING) this.drain();
    else if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(this.drain);
    }
  };

  /** Counts the queued keys now. */
  readonly drain = (): void => {
    this.drainScheduled = false;
    const keys = this.pending;
    this.pending = [];
    const { window, exact, learnMask, sketchMask } = this;
    let tick = this.learnTick;
    let r = this.sampleState;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      r = xorshift32(r);
      const sketched = (r & sketchMask) === 0;
      const learned = ++tick <= LEARN_ALL_FIRST || ((r >>> 8) & learnMask) === 0;
      // Hashing is most of an access's cost: once, and only when something needs it (a sampled access, or a key
      // that may be flagged for exact counting).
      if (!sketched && !learned && !exact.mayBeFlagged(key)) continue;
      const hash = hash32(key);
      exact.count(key, hash);
      if (sketched) window.add(key, hash);
      if (learned) observeKey(key, this.policy, hash);
    }
    this.learnTick = tick;
    this.sampleState = r;
    this.accessesThisSubWindow += keys.length;
    if (keys.length && this.now() >= this.nextFlagAt) this.flag();
  };

  /** Starts exact counts for the sketch's current top keys (twice the exported number, so ranks can change). */
  private flag(): void {
    const now = this.now();
    this.nextFlagAt = now + FLAG_INTERVAL_MS;
    this.exact.flag(
      this.window.top(2 * this.topN).map((k) => k.key),
      now,
    );
  }

  rotate(): void {
    this.drain();
    this.sketchMask = sampleMask(this.accessesThisSubWindow, SKETCH_PER_SUB_WINDOW, 0xff);
    this.learnMask = sampleMask(this.accessesThisSubWindow, LEARN_PER_SUB_WINDOW, 0xffff);
    this.accessesThisSubWindow = 0;
    this.window.rotate(this.sketchMask + 1);
    this.exact.rotate();
    this.rotations++;
    this.currentStartedAt = this.now();
  }

  /** Time the live sub-windows cover, for turning counts into per-minute rates. */
  private coveredMs(): number {
    const full = Math.min(this.rotations, this.window.subWindows - 1) * this.subWindowMs;
    const partial = Math.max(1, this.now() - this.currentStartedAt);
    return Math.min(this.windowMs, Math.max(full + partial, Math.min(this.now() - this.startedAt, 1000)));
  }

  snapshot(n = this.topN): HotKeySnapshot {
    this.drain();
    const covered = this.coveredMs();
    const now = this.now();
    const keys = this.window
      .top(2 * n)
      .map(({ key, count: sketched }) => {
        const exact = this.exact.get(key);
        const measuredMs = exact ? Math.min(now - exact.sinceMs, covered) : 0;
        const measured = exact && measuredMs >= MIN_MEASURED_MS;
        const count = measured ? exact.count : sketched;
        const r = this.render(key);
        return {
          key: r.label,
          pattern: r.pattern,
          count,
          rate: Math.round((count * 60_000) / (measured ? measuredMs : covered)),
          coverage: measured ? Math.round((measuredMs / covered) * 1000) / 1000 : 0,
        };
      })
      .sort((a, b) => b.rate - a.rate)
      .slice(0, n);
    return {
      source: 'client_measured',
      algorithm: this.algorithm,
      windowSeconds: this.windowMs / 1000,
      thresholdPerMinute: this.threshold,
      overThreshold: keys.filter((k) => k.rate > this.threshold).length,
      keys,
    };
  }

  /** Stops rotating and unregisters the gauges. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unregister?.();
  }

  private render(key: string): RenderedKey {
    // What the redaction engine learned changes renderings: drop cached labels when it did.
    if (this.renderedVersion !== this.policy.engine.version) {
      this.rendered.clear();
      this.renderedVersion = this.policy.engine.version;
    }
    let r = this.rendered.get(key);
    if (!r) {
      r = renderKey(key, this.policy);
      // Only top keys are rendered, so this stays small; the cap guards against churn.
      if (this.rendered.size > 1000) this.rendered.clear();
      this.rendered.set(key, r);
    }
    return r;
  }

  private registerMetrics(provider: MeterProvider): void {
    const meter = provider.getMeter(INSTRUMENTATION_NAME);
    const rate = meter.createObservableGauge('redislens.hotkey.rate', {
      // No unit on purpose: the Prometheus name must stay `redislens_hotkey_rate` (accesses per minute).
      description:
        'Accesses per minute of the hottest keys seen by this client (sliding window): top-k sketch picks the keys, exact counts measure them',
    });
    const coverage = meter.createObservableGauge('redislens.hotkey.rate.coverage', {
      description:
        'Share of the window the exact count behind redislens.hotkey.rate spans (1 = whole window, 0 = the sketch estimate)',
    });
    const over = meter.createObservableGauge('redislens.hotkeys.over_threshold', {
      description: 'Keys whose client-side access rate is above the hot-key threshold',
    });
    const callback: BatchObservableCallback = (result) => {
      const snap = this.snapshot();
      for (const k of snap.keys) {
        const attributes = { key: k.key, pattern: k.pattern, source: snap.source };
        result.observe(rate, k.rate, attributes);
        result.observe(coverage, k.coverage, attributes);
      }
      result.observe(over, snap.overThreshold, { source: snap.source });
    };
    meter.addBatchObservableCallback(callback, [rate, coverage, over]);
    const unregisterRedaction = registerRedactionMetrics(meter, this.policy);
    this.unregister = () => {
      meter.removeBatchObservableCallback(callback, [rate, coverage, over]);
      unregisterRedaction();
    };
  }
}
