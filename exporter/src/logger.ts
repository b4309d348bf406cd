import pino, { type Logger } from 'pino';

/** Structured JSON logs. Anything named like a secret is censored, even if a caller logs a whole options object. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
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
