import {
  context,
  metrics,
  trace,
  SpanKind,
  SpanStatusCode,
  type MeterProvider,
  type Span,
  type TracerProvider,
} from '@opentelemetry/api';
import type Redis from 'ioredis';
import { BREAKER_STATE_VALUE, CircuitBreaker, type BreakerOptions } from './breaker';
import { INSTRUMENTATION_NAME } from './ioredis';
import { SessionTelemetry, type ValidationResult } from './session-telemetry';

/**
 * A read-through session cache in Redis in front of the application's own session store (`load`). Redis is an
 * optimisation, never a dependency: every Redis call has a short timeout and goes through a circuit breaker, and any
 * Redis failure falls back to `load`, so an outage costs latency but never a failed validation `load` can answer.
 */

export interface WarmOptions {
  /** Recently active session ids to pre-load (e.g. from the application's database). */
  ids: readonly string[] | (() => Promise<readonly string[]> | readonly string[]);
  /** Loads running at once. Default 4. */
  concurrency?: number;
}

export interface SessionCacheOptions<T> {
  redis: Redis;
  /** The source of truth: returns the session or undefined when it does not exist. */
  load: (id: string) => Promise<T | undefined>;
  /** Seconds a cached session lives in Redis. */
  ttl: number;
  /** Default `session:`. */
  keyPrefix?: string;
  breaker?: CircuitBreaker | BreakerOptions;
  warm?: WarmOptions;
  serialize?: (value: T) => string;
  deserialize?: (text: string) => T;
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
}

export interface WarmResult {
  loaded: number;
  missing: number;
  failed: number;
}

export interface SessionCache<T> {
  validate(id: string): Promise<T | undefined>;
  /** Writes a session (e.g. right after login); best effort. */
  store(id: string, value: T): Promise<void>;
  /** Removes a session from the cache (logout); best effort. */
  invalidate(id: string): Promise<void>;
  readonly breaker: CircuitBreaker;
  /** Settles when warming is done (immediately when no `warm` option). */
  readonly warmed: Promise<WarmResult>;
  close(): void;
}

class RedisUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RedisUnavailable';
  }
}

/** Rejects after `ms`; the late settlement of `promise` is swallowed so it never becomes unhandled. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailable(`redis call timed out after ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createSessionCache<T>(options: SessionCacheOptions<T>): SessionCache<T> {
  const { redis, load } = options;
  if (!Number.isInteger(options.ttl) || options.ttl <= 0) {
    throw new RangeError(`session cache option ttl must be a positive integer (seconds), got ${String(options.ttl)}`);
  }
  const prefix = options.keyPrefix ?? 'session:';
  const serialize = options.serialize ?? ((v: T) => JSON.stringify(v));
  const deserialize = options.deserialize ?? ((t: string) => JSON.parse(t) as T);
  const breaker = options.breaker instanceof CircuitBreaker ? options.breaker : new CircuitBreaker(options.breaker);
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME);
  const telemetry = new SessionTelemetry(
    options.meterProvider ?? metrics.getMeterProvider(),
    () => BREAKER_STATE_VALUE[breaker.state],
  );
  breaker.onTransition((from, to) => telemetry.transition(from, to));

  /** Runs a Redis call through the breaker with the breaker's timeout. */
  async function viaBreaker<R>(call: () => Promise<R>): Promise<R> {
    if (!breaker.tryAcquire()) throw new RedisUnavailable('circuit open');
    try {
      const value = await withTimeout(call(), breaker.callTimeoutMs);
      breaker.onSuccess();
      return value;
    } catch (error) {
      breaker.onFailure();
      throw error;
    }
  }

  function parseOrUndefined(text: string): T | undefined {
    try {
      return deserialize(text);
    } catch {
      return undefined;
    }
  }

  async function writeBack(id: string, value: T): Promise<void> {
    try {
      await viaBreaker(() => redis.set(prefix + id, serialize(value), 'EX', options.ttl));
    } catch {
      // Best effort: the next validation loads it again.
    }
  }

  async function validateInSpan(id: string, span: Span): Promise<T | undefined> {
    const started = performance.now();
    let result: ValidationResult = 'error';
    try {
      let cached: string | null | undefined;
      try {
        cached = await viaBreaker(() => redis.get(prefix + id));
      } catch {
        cached = undefined; // Redis unavailable: fall back to the source
      }
      if (typeof cached === 'string') {
        const parsed = parseOrUndefined(cached);
        if (parsed !== undefined) {
          result = 'hit';
          return parsed;
        }
        cached = null; // unreadable entry: treat as a miss and overwrite it
      }
      const loaded = await load(id);
      if (cached === null) {
        result = 'miss';
        if (loaded !== undefined) await writeBack(id, loaded);
      } else {
        result = 'fallback';
      }
      return loaded;
    } catch (error) {
      result = 'error';
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'session load failed' });
      span.setAttribute('error.type', error instanceof Error ? error.name : '_OTHER');
      throw error;
    } finally {
      span.setAttribute('redislens.session.result', result);
      telemetry.validated(result, (performance.now() - started) / 1000);
      span.end();
    }
  }

  const validate = (id: string): Promise<T | undefined> => {
    const span = tracer.startSpan('session.validate', { kind: SpanKind.INTERNAL });
    return context.with(trace.setSpan(context.active(), span), () => validateInSpan(id, span));
  };

  async function warm(spec: WarmOptions): Promise<WarmResult> {
    const ids = [...(typeof spec.ids === 'function' ? await spec.ids() : spec.ids)];
    const result: WarmResult = { loaded: 0, missing: 0, failed: 0 };
    let remaining = ids.length;
    telemetry.warmRemaining(remaining);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++];
        try {
          const value = await load(id);
          if (value === undefined) result.missing++;
          else {
            await writeBack(id, value);
            result.loaded++;
            telemetry.warmLoaded();
          }
        } catch {
          result.failed++;
        }
        telemetry.warmRemaining(--remaining);
      }
    };
    const concurrency = Math.max(1, Math.min(spec.concurrency ?? 4, 64));
    await Promise.all(Array.from({ length: concurrency }, worker));
    return result;
  }

  const warmed = options.warm
    ? // Started on the next tick so construction never blocks; failures are counted, not thrown.
      new Promise<void>((resolve) => setImmediate(resolve)).then(() => warm(options.warm!))
    : Promise.resolve({ loaded: 0, missing: 0, failed: 0 });

  return {
    validate,
    store: (id, value) => writeBack(id, value),
    async invalidate(id) {
      try {
        await viaBreaker(() => redis.del(prefix + id));
      } catch {
        // Best effort; the TTL removes it eventually.
      }
    },
    breaker,
    warmed,
    close: () => telemetry.close(),
  };
}
