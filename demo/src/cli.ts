#!/usr/bin/env node
// redis-lens-demo: the demo service plus its load generator, instrumented with redis-lens/instrument.
import Redis from 'ioredis';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import { createRedisClient, createLogger } from '@redis-lens/instrument';
import { ConfigError, parseDemoConfig, USAGE, type DemoConfig } from './config';
import { runLoad } from './loadgen';
import { startDemoService } from './service';
import { DEMO_KEY_PATTERNS } from './app';

async function main(config: DemoConfig): Promise<void> {
  // Before the first logger or hot-key tracker reads the process-wide redaction policy.
  process.env.REDIS_LENS_KEY_PATTERNS ||= DEMO_KEY_PATTERNS.join(' ');
  const logger = createLogger({ name: 'redis-lens-demo' });
  // With Sentinels, the redis-lens HA client (follows +switch-master, reports its failovers); else plain ioredis.
  // Either fails fast per command while Redis is down: the session cache falls back to its store.
  const connect = (meterProvider: MeterProvider): Redis =>
    config.sentinels.length
      ? createRedisClient({
          sentinels: config.sentinels,
          name: config.masterName,
          password: config.redisPassword,
          sentinelPassword: config.sentinelPassword,
          meter: meterProvider.getMeter('redis-lens/ha'),
        })
      : new Redis(config.redisUrl, { password: config.redisPassword, maxRetriesPerRequest: 1 });
  const service = await startDemoService({
    redis: connect,
    logger,
    host: config.host,
    port: config.port,
    telemetry: config.otlpEndpoint
      ? { otlpEndpoint: config.otlpEndpoint }
      : { prometheusPort: config.metricsPort, prometheusHost: config.host },
  });
  const { redis } = service;
  redis.on('error', (error) =>
    logger.warn({ err: { name: error.name, code: (error as { code?: string }).code } }, 'redis'),
  );
  logger.info(
    { port: service.port, metrics: service.telemetry.metricsUrl ?? null, otlp: config.otlpEndpoint ?? null },
    'redis-lens demo listening',
  );
  const shutdown = async () => {
    await service.stop();
    redis.disconnect();
  };
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));
  if (!config.load) return;
  const stats = await runLoad({
    baseUrl: service.baseUrl,
    users: config.users,
    durationMs: config.durationSeconds * 1000,
    maxRequests: config.requests,
    concurrency: config.concurrency,
  });
  logger.info(stats, 'load finished');
  await shutdown();
}

let config: DemoConfig;
try {
  config = parseDemoConfig(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`redis-lens-demo: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}
main(config).catch((error) => {
  process.stderr.write(`redis-lens-demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
