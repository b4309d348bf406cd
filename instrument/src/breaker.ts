/**
 * A small circuit breaker (closed → open → half-open → closed) for the session cache's Redis calls. Pure state
 * machine: callers ask `tryAcquire()` before a call and report `onSuccess()` / `onFailure()`; time is injectable.
 * Written here rather than taken from cockatiel/opossum because the cache needs a synchronous "may I call Redis?"
 * check on every validation and no promise wrapping; the whole machine is ~100 lines.
 */

export type BreakerState = 'closed' | 'half-open' | 'open';

/** Gauge encoding used by `redislens.session.breaker.state`. */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export interface BreakerOptions {
  /** Open when at least this share of the recent calls failed (0..1). Default 0.5. */
  failureRateThreshold?: number;
  /** Calls remembered for the failure rate. Default 20. */
  windowSize?: number;
  /** Calls needed in the window before the rate can open the breaker. Default 5. */
  minimumCalls?: number;
  /** Time spent open before letting probe calls through (half-open). Default 2,000 ms. */
  openMs?: number;
  /** Successful probes in half-open needed to close. Default 1. */
  halfOpenSuccesses?: number;
  /** Per-call timeout the caller applies (a timeout counts as a failure). Default 100 ms. */
  callTimeoutMs?: number;
  now?: () => number;
}

export type TransitionListener = (from: BreakerState, to: BreakerState) => void;

export class CircuitBreaker {
  readonly failureRateThreshold: number;
  readonly windowSize: number;
  readonly minimumCalls: number;
  readonly openMs: number;
  readonly halfOpenSuccesses: number;
  readonly callTimeoutMs: number;
  private readonly now: () => number;
  private current: BreakerState = 'closed';
  private readonly outcomes: Uint8Array;
  private recorded = 0;
  private next = 0;
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private probeSuccesses = 0;
  private readonly listeners: TransitionListener[] = [];

  constructor(options: BreakerOptions = {}) {
    this.failureRateThreshold = check('failureRateThreshold', options.failureRateThreshold ?? 0.5, 0, 1);
    this.windowSize = check('windowSize', options.windowSize ?? 20, 1, 100_000);
    this.minimumCalls = check('minimumCalls', options.minimumCalls ?? 5, 1, this.windowSize);
    this.openMs = check('openMs', options.openMs ?? 2000, 0, 3_600_000);
    this.halfOpenSuccesses = check('halfOpenSuccesses', options.halfOpenSuccesses ?? 1, 1, 1000);
    this.callTimeoutMs = check('callTimeoutMs', options.callTimeoutMs ?? 100, 1, 60_000);
    this.now = options.now ?? Date.now;
    this.outcomes = new Uint8Array(this.windowSize);
  }

  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.openMs) this.transition('half-open');
    return this.current;
  }

  onTransition(listener: TransitionListener): void {
    this.listeners.push(listener);
  }

  /** True when a call may go to Redis now. In half-open, one probe at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  onSuccess(): void {
    if (this.current === 'half-open') {
      this.probeInFlight = false;
      if (++this.probeSuccesses >= this.halfOpenSuccesses) this.transition('closed');
      return;
    }
    if (this.current === 'closed') this.record(0);
  }

  onFailure(): void {
    if (this.current === 'half-open') {
      this.probeInFlight = false;
      this.transition('open');
      return;
    }
    if (this.current !== 'closed') return;
    this.record(1);
    if (this.recorded >= this.minimumCalls && this.failures / this.recorded >= this.failureRateThreshold) {
      this.transition('open');
    }
  }

  private record(outcome: 0 | 1): void {
    if (this.recorded === this.windowSize) this.failures -= this.outcomes[this.next];
    else this.recorded++;
    this.outcomes[this.next] = outcome;
    this.failures += outcome;
    this.next = (this.next + 1) % this.windowSize;
  }

  private transition(to: BreakerState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    if (to === 'open') this.openedAt = this.now();
    if (to === 'half-open') {
      this.probeInFlight = false;
      this.probeSuccesses = 0;
    }
    if (to === 'closed') {
      this.outcomes.fill(0);
      this.recorded = this.failures = this.next = 0;
    }
    for (const listener of this.listeners) listener(from, to);
  }
}

function check(name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`breaker option ${name} must be a number in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}
