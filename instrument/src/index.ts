// `redis-lens/instrument`: what an application imports to see its own Redis traffic and sessions.
export {
  instrumentIoredis,
  IoredisInstrumentation,
  DURATION_BUCKETS,
  type IoredisInstrumentationOptions,
  type HotKeySink,
} from './ioredis';
export { HotKeyTracker, type HotKeyOptions, type HotKeySnapshot, type HotKeyEntry } from './hotkeys';
export { HeavyKeeper, SpaceSaving, SlidingTopK, type TopKSketch, type KeyCount } from './topk';
export { CircuitBreaker, BREAKER_STATE_VALUE, type BreakerOptions, type BreakerState } from './breaker';
export {
  createSessionCache,
  type SessionCache,
  type SessionCacheOptions,
  type WarmOptions,
  type WarmResult,
} from './session-cache';
export { redisErrorType } from './error-type';
export { sanitizedQueryText } from './query-text';
export {
  createLogger,
  scrubSecrets,
  traceFields,
  DEFAULT_REDACT_PATHS,
  DEFAULT_SECRET_PATTERNS,
  type LoggerFactoryOptions,
} from './logger';
export { formatLogLine, textDestination, resolveLogFormat, LOG_FORMATS, type LogFormat } from './log-format';
export { instrumentSessionStore, type SessionStoreLike, type SessionStoreTelemetryOptions } from './express-session';
export { prometheusUnitSuffixViews } from './prometheus-views';

// The HA client ships in the same entry point (docs/ha-client.md).
export * from './ha';

// Key redaction: one module for the library, the exporter and the plugin (also at `@redis-lens/instrument/redaction`).
export * from './redaction';
