import pino, { type Logger } from 'pino';
import { resolveLogFormat, textDestination, type LogFormat } from '@redis-lens/instrument/log-format';

/**
 * Structured logs: JSON, or readable lines on a terminal (`--log-format`). Anything named like a secret is censored,
 * even if a caller logs a whole options object, before either format is written.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, format: LogFormat = 'auto'): Logger {
  destination ??= resolveLogFormat(format) === 'txt' ? textDestination() : undefined;
  return pino(
    {
      name: 'redis-lens-exporter',
      level,
      redact: {
        paths: [
          'password',
          '*.password',
          '*.*.password',
          'redisPassword',
          'sentinelPassword',
          'authorization',
          '*.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
