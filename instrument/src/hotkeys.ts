import { metrics, type BatchObservableCallback, type MeterProvider } from '@opentelemetry/api';
import { defaultRedactionPolicy, observeKey, renderKey, type RedactionPolicy, type RenderedKey } from './redaction';
import { registerRedactionMetrics } from './redaction-metrics';
import { HeavyKeeper, SlidingTopK, SpaceSaving, type TopKSketch } from './topk';
import { INSTRUMENTATION_NAME, type HotKeySink } from './ioredis';

/**
 * Client-side hot keys: every keyed command's first key goes into a sliding-window top-k; the top N are exported
 * as `redislens.hotkey.rate{key,pattern,source="client"}` (accesses per minute, keys rendered by redaction.ts) and
 * the count above the threshold as `redislens.hotkeys.over_threshold`.
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
 * The redaction learner counts distinct keys, so a sample serves: every access at first (names show soon after
 * start), then one in 64 (bench/redaction.bench.ts: the learning's cost per access).
 */
const LEARN_ALL_FIRST = 4096;
const LEARN_SAMPLE_MASK = 63;
const MAX_TRACKED_KEY_CHARS = 1024;

export interface HotKeyEntry {
  /** Rendered label (`pattern#hash`, raw only when the policy allows). */
  key: string;
  pattern: string;
  /** Accesses per minute over the window. */
  rate: number;
  /** Estimated accesses in the window. */
  count: number;
}

export interface HotKeySnapshot {
  source: 'client';
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
  private unregister: (() => void) | undefined;
  private pending: string[] = [];
  private drainScheduled = false;
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
    this.startedAt = this.currentStartedAt = this.now();
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
    for (let i = 0; i < keys.length; i++) {
      this.window.add(keys[i]);
      const tick = ++this.learnTick;
      if ((tick & LEARN_SAMPLE_MASK) === 0 || tick <= LEARN_ALL_FIRST) observeKey(keys[i], this.policy);
    }
  };

  rotate(): void {
    this.drain();
    this.window.rotate();
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
    const keys = this.window.top(n).map(({ key, count }) => {
      const r = this.render(key);
      return { key: r.label, pattern: r.pattern, count, rate: Math.round((count * 60_000) / covered) };
    });
    return {
      source: 'client',
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
      description: 'Accesses per minute of the hottest keys seen by this client (sliding window)',
    });
    const over = meter.createObservableGauge('redislens.hotkeys.over_threshold', {
      description: 'Keys whose client-side access rate is above the hot-key threshold',
    });
    const callback: BatchObservableCallback = (result) => {
      const snap = this.snapshot();
      for (const k of snap.keys) result.observe(rate, k.rate, { key: k.key, pattern: k.pattern, source: 'client' });
      result.observe(over, snap.overThreshold, { source: 'client' });
    };
    meter.addBatchObservableCallback(callback, [rate, over]);
    const unregisterRedaction = registerRedactionMetrics(meter, this.policy);
    this.unregister = () => {
      meter.removeBatchObservableCallback(callback, [rate, over]);
      unregisterRedaction();
    };
  }
}
