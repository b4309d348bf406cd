import type Redis from 'ioredis';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { Logger } from 'pino';
import { type RedactionPolicy, HotKeyTracker, instrumentIoredis } from '@redis-lens/instrument';
import { createDemoApp, seedHotKeys, type DemoApp } from './app';
import { setupDemoTelemetry, type DemoTelemetry, type DemoTelemetryOptions } from './telemetry';

/** The demo service wired up: telemetry, ioredis instrumentation with hot keys, the app listening. */
export interface DemoService {
  app: DemoApp;
  redis: Redis;
  telemetry: DemoTelemetry;
  hotKeys: HotKeyTracker;
  port: number;
  baseUrl: string;
  /** Stops serving, exports everything once more (every gauge still registered), then unregisters. */
  stop(): Promise<void>;
}

export interface DemoServiceOptions {
  /** A client, or a factory that gets the demo's MeterProvider (the HA client reports its telemetry there). */
  redis: Redis | ((meterProvider: MeterProvider) => Redis);
  logger: Logger;
  telemetry: DemoTelemetryOptions;
  port?: number;
  /** Interface to bind; loopback unless a container asks for 0.0.0.0. */
  host?: string;
  redaction?: RedactionPolicy;
  hotKeyThresholdPerMinute?: number;
  dbLatencyMs?: number;
}

export async function startDemoService(options: DemoServiceOptions): Promise<DemoService> {
  const { logger } = options;
  const telemetry = await setupDemoTelemetry(options.telemetry);
  const { tracerProvider, meterProvider } = telemetry;
  const redis = typeof options.redis === 'function' ? options.redis(meterProvider) : options.redis;
  const hotKeys = new HotKeyTracker({
    meterProvider,
    redaction: options.redaction,
    thresholdPerMinute: options.hotKeyThresholdPerMinute,
  });
  const instrumentation = instrumentIoredis({ tracerProvider, meterProvider, hotKeys });
  const app = createDemoApp({
    redis,
    tracerProvider,
    meterProvider,
    logger,
    hotKeys,
    dbLatencyMs: options.dbLatencyMs,
  });
  const port = await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await seedHotKeys(redis).catch(() => logger.warn('could not seed hot keys (Redis down?)'));
  return {
    app,
    redis,
    telemetry,
    hotKeys,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await app.close();
      instrumentation.flush();
      await telemetry.shutdown();
      app.cache.close();
      instrumentation.disable();
      hotKeys.stop();
    },
  };
}
