import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { resolveLogFormat, textDestination, type LogFormat } from './log-format';

/**
 * A pino logger whose lines carry `trace_id`/`span_id` of the active span (so a log line links to its trace) and
 * never carry secrets: well-known secret fields are censored by path, and secret-looking tokens inside message
 * strings (session ids after `sid=`, `session:` keys, bearer tokens) are replaced.
 */

export const DEFAULT_REDACT_PATHS = [
  'password',
  '*.password',
  'passwd',
  '*.passwd',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'sid',
  '*.sid',
  'sessionId',
  '*.sessionId',
  'session_id',
  '*.session_id',
  'cookie',
  '*.cookie',
  'authorization',
  '*.authorization',
  'headers.cookie',
  'headers.authorization',
  'headers["set-cookie"]',
  '*.headers.cookie',
  '*.headers.authorization',
  '*.headers["set-cookie"]',
];

/** Tokens inside free text: `sid=…`, `session:…` keys, `Bearer …`, `connect.sid=…`. */
export const DEFAULT_SECRET_PATTERNS: RegExp[] = [
  /\b((?:sid|session[_-]?id|connect\.sid|token|password)\s*[=:]\s*)[^\s;,&"']+/gi,
  /\b(sess(?:ion)?:)[^\s;,"']{8,}/gi,
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g,
];

export const CENSOR = '[REDACTED]';

export interface LoggerFactoryOptions {
  level?: string;
  name?: string;
  /** Extra field paths to censor (pino redact syntax), added to DEFAULT_REDACT_PATHS. */
  redactPaths?: string[];
  /** Replaces DEFAULT_SECRET_PATTERNS; group 1 (if any) is kept, the rest becomes [REDACTED]. */
  secretPatterns?: RegExp[];
  /** Where lines go (default stdout). */
  destination?: DestinationStream;
  /** Line format on stdout (ignored with `destination`): default `auto`, readable on a terminal, JSON otherwise. */
  format?: LogFormat;
}

export function scrubSecrets(text: string, patterns: readonly RegExp[] = DEFAULT_SECRET_PATTERNS): string {
  let out = text;
  for (const pattern of patterns) out = out.replace(pattern, (_match, keep?: string) => `${keep ?? ''}${CENSOR}`);
  return out;
}

/** Fields of the active span's context, or nothing outside a span. */
export function traceFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const ctx = span.spanContext();
  if (!isSpanContextValid(ctx)) return {};
  return { trace_id: ctx.traceId, span_id: ctx.spanId, trace_flags: `0${ctx.traceFlags.toString(16)}` };
}

export function createLogger(options: LoggerFactoryOptions = {}): Logger {
  const patterns = options.secretPatterns ?? DEFAULT_SECRET_PATTERNS;
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    name: options.name,
    redact: { paths: [...DEFAULT_REDACT_PATHS, ...(options.redactPaths ?? [])], censor: CENSOR },
    mixin: traceFields,
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg, patterns) : arg));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  const destination =
    options.destination ?? (resolveLogFormat(options.format ?? 'auto') === 'txt' ? textDestination() : undefined);
  return destination ? pino(pinoOptions, destination) : pino(pinoOptions);
}
