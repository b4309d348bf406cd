import {
  context,
  metrics,
  trace,
  SpanKind,
  SpanStatusCode,
  type MeterProvider,
  type TracerProvider,
} from '@opentelemetry/api';
import { INSTRUMENTATION_NAME } from './ioredis';
import { SessionTelemetry, type ValidationResult } from './session-telemetry';

/**
 * Adds the session cache's telemetry to an express-session `Store` (connect-redis or any other): each `get` becomes
 * a `session.validate` span (parent of the store's Redis spans) and counts as hit (session found), miss (none) or
 * error. Wraps the store's own methods on the instance, so express-session's Store prototype methods
 * (`regenerate`, `load`, `createSession`) keep working unchanged.
 */

type Callback = (err?: unknown, session?: unknown) => void;

/** The part of express-session's Store this adapter needs. */
export interface SessionStoreLike {
  get(sid: string, callback: Callback): void;
}

export interface SessionStoreTelemetryOptions {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
}

const INSTRUMENTED = Symbol.for('redis-lens.instrumented-session-store');

export function instrumentSessionStore<S extends SessionStoreLike>(
  store: S,
  options: SessionStoreTelemetryOptions = {},
): S {
  const marked = store as S & { [INSTRUMENTED]?: boolean };
  if (marked[INSTRUMENTED]) return store;
  marked[INSTRUMENTED] = true;
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME);
  const telemetry = new SessionTelemetry(options.meterProvider ?? metrics.getMeterProvider(), undefined, false);
  const originalGet = store.get.bind(store);

  store.get = (sid: string, callback: Callback): void => {
    const started = performance.now();
    const span = tracer.startSpan('session.validate', { kind: SpanKind.INTERNAL });
    let done = false;
    const finish: Callback = (err, session) => {
      if (done) return; // a store calling back twice must not double count
      done = true;
      const result: ValidationResult = err ? 'error' : session ? 'hit' : 'miss';
      span.setAttribute('redislens.session.result', result);
      if (err) {
        span.setAttribute('error.type', err instanceof Error ? err.name : '_OTHER');
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'session store get failed' });
      }
      telemetry.validated(result, (performance.now() - started) / 1000);
      span.end();
      callback(err, session);
    };
    context.with(trace.setSpan(context.active(), span), () => {
      try {
        originalGet(sid, finish);
      } catch (error) {
        finish(error);
      }
    });
  };
  return store;
}
