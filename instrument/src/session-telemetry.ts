import type { Counter, Histogram, MeterProvider, ObservableGauge, ObservableCallback } from '@opentelemetry/api';
import type { BreakerState } from './breaker';
import { INSTRUMENTATION_NAME } from './ioredis';

export type ValidationResult = 'hit' | 'miss' | 'fallback' | 'error';

/** Session metrics shared by the session cache and the express-session adapter (names: docs/metrics.md). */
export class SessionTelemetry {
  private readonly duration: Histogram;
  private readonly validations: Counter;
  private readonly transitions: Counter;
  private readonly warmLoadedCounter: Counter;
  private readonly breakerState?: ObservableGauge;
  private readonly warmRemainingGauge?: ObservableGauge;
  private readonly breakerCallback?: ObservableCallback;
  private readonly warmCallback?: ObservableCallback;
  private remaining = 0;

  /** `breakerState` and `warming` add the breaker gauge and warming progress (the session cache has both). */
  constructor(provider: MeterProvider, breakerState?: () => number, warming = true) {
    const meter = provider.getMeter(INSTRUMENTATION_NAME);
    this.duration = meter.createHistogram('redislens.session.validate.duration', {
      description: 'Time to validate a session, by result',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] },
    });
    this.validations = meter.createCounter('redislens.session.validations', {
      description:
        'Session validations by result: hit (Redis), miss (Redis then store), fallback (store, Redis unavailable), error',
    });
    this.transitions = meter.createCounter('redislens.session.breaker.transitions', {
      description: 'Session cache circuit breaker state changes',
    });
    this.warmLoadedCounter = meter.createCounter('redislens.session.warm.loaded', {
      description: 'Sessions loaded into Redis by cache warming',
    });
    if (warming) {
      this.warmRemainingGauge = meter.createObservableGauge('redislens.session.warm.remaining', {
        description: 'Sessions still to be loaded by cache warming',
      });
      this.warmCallback = (result) => result.observe(this.remaining);
      this.warmRemainingGauge.addCallback(this.warmCallback);
    }
    if (breakerState) {
      this.breakerState = meter.createObservableGauge('redislens.session.breaker.state', {
        description: 'Session cache circuit breaker: 0 closed, 1 half-open, 2 open',
      });
      this.breakerCallback = (result) => result.observe(breakerState());
      this.breakerState.addCallback(this.breakerCallback);
    }
  }

  validated(result: ValidationResult, seconds: number): void {
    const attrs = RESULT_ATTRIBUTES[result];
    this.duration.record(seconds, attrs);
    this.validations.add(1, attrs);
  }

  transition(from: BreakerState, to: BreakerState): void {
    this.transitions.add(1, { from, to });
  }

  warmLoaded(): void {
    this.warmLoadedCounter.add(1);
  }

  warmRemaining(n: number): void {
    this.remaining = n;
  }

  close(): void {
    if (this.warmRemainingGauge && this.warmCallback) this.warmRemainingGauge.removeCallback(this.warmCallback);
    if (this.breakerState && this.breakerCallback) this.breakerState.removeCallback(this.breakerCallback);
  }
}

const RESULT_ATTRIBUTES: Record<ValidationResult, { result: ValidationResult }> = {
  hit: { result: 'hit' },
  miss: { result: 'miss' },
  fallback: { result: 'fallback' },
  error: { result: 'error' },
};
