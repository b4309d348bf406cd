import type { AddressInfo } from 'node:net';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { isTargetAllowed, normalizeTarget } from './allowlist';
import type { ExporterConfig } from './config';
import { redisOptionsFor, sentinelOptionsFor } from './connection';
import type { ExporterFeature, FeatureContext } from './feature';
import { FEATURE_FACTORIES, type FeatureFactory } from './features';
import { createExporterServer } from './http-server';
import { createLogger } from './logger';
import { createFleet } from './target-pool';
import { samplesToFamilies, scrapeSource } from './producer';
import { familiesToPrometheusText } from './prometheus-text';
import { redactionDebugJson, redactionSource } from './redaction-debug';
import { RedisScraper, type ScrapeOutcome } from './scrape';
import { createRuntimeSelfMetrics } from './self-metrics/source';
import { createTelemetry, type Telemetry } from './telemetry';

export interface RunningExporter {
  readonly port: number;
  /** Base URL, e.g. http://127.0.0.1:9121 */
  readonly url: string;
  readonly telemetry: Telemetry;
  /** Re-reads `--scrape.credentials-file` (SIGHUP, POST /-/reload); returns the problem when it is refused. */
  reload(): string | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  features?: FeatureFactory[];
}

/**
 * The address /metrics scrapes: the configured Redis, or in Sentinel-only mode the first Sentinel (polled metrics),
 * as `rediss://` when Sentinel TLS is on.
 */
export function primaryTarget(config: ExporterConfig): string | undefined {
  if (config.redisAddr) return config.redisAddr;
  const s = config.sentinelAddrs[0];
  const scheme = config.sentinelTls ? 'rediss' : 'redis';
  return s ? `${scheme}://${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}` : undefined;
}

/**
 * Connection options for the /metrics target. In Sentinel-only mode that is a Sentinel, so it gets the Sentinel
 * credentials (`SENTINEL_PASSWORD`, no ACL user), as the failover subscription does — not the data nodes' ones.
 */
export function primaryTargetOptions(config: ExporterConfig, target: string): RedisOptions {
  if (config.redisAddr) return redisOptionsFor(target, config);
  return redisOptionsFor(target, { ...config, redisUser: undefined, redisPassword: config.sentinelPassword });
}

export function buildFeatureContext(
  config: ExporterConfig,
  telemetry: Pick<Telemetry, 'meter' | 'tracer' | 'families'>,
  logger: Logger,
): FeatureContext {
  return {
    meter: telemetry.meter,
    addMetrics: (source) => telemetry.families.add(source),
    tracer: telemetry.tracer,
    logger,
    redis: config.redisAddr ? redisOptionsFor(config.redisAddr, config, 'feature') : undefined,
    sentinels: config.sentinelAddrs.map((s) => sentinelOptionsFor(s, config)),
    masterName: config.sentinelMasterName,
    redaction: config.redaction,
    hotkeys: { ...config.hotkeys },
    memory: { ...config.memory, keyGroups: [...config.memory.keyGroups] },
    cluster: config.isCluster
      ? { refreshIntervalMs: config.clusterRefreshMs, discoverHostnames: config.clusterDiscoverHostnames }
      : undefined,
  };
}

export async function startExporter(config: ExporterConfig, options: StartOptions = {}): Promise<RunningExporter> {
  const logger = options.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  const env = options.env ?? process.env;
  const target = primaryTarget(config);
  const scraper = target
    ? new RedisScraper(target, primaryTargetOptions(config, target), logger, config.collect)
    : undefined;
  // Runs only during a collection, after `tel` exists.
  const recordScrape = (outcome: ScrapeOutcome) => tel.self.scrapeDuration.record(outcome.durationSeconds);
  const tel = createTelemetry(env);
  if (scraper) tel.families.add(scrapeSource(() => scraper.scrape(), recordScrape));
  tel.families.add(redactionSource(config.redaction));
  const serializer = new PrometheusSerializer(undefined, false, undefined, true, true);
  const serialize = (rm: ResourceMetrics) => serializer.serialize(rm);

  const fleet = createFleet(config, logger, tel.meter);
  const runtime = createRuntimeSelfMetrics(() => fleet.targets().map((t) => ({ ...t, last: t.scraper.last })));
  tel.families.add(runtime.source);
  let collected = false;
  const features: ExporterFeature[] = [];
  const server = createExporterServer(config, {
    metrics: () =>
      runtime.inFlight.track(async () => {
        // Counted before collecting so the response includes this scrape, as in redis_exporter.
        tel.self.scrapes.add(1);
        const { resourceMetrics, errors } = await tel.prometheus.collect();
        for (const error of errors) logger.warn({ reason: String(error) }, 'metric collection error');
        collected = true;
        return serialize(resourceMetrics);
      }),
    scrapeTarget: (rawTarget, authModule) =>
      runtime.inFlight.track(async () => {
        tel.self.scrapes.add(1);
        const normalized = normalizeTarget(rawTarget)!;
        // Pooled connection with the target's credentials (target-pool.ts).
        return fleet.use(normalized, authModule, async (one) => {
          const outcome = await one.scrape();
          recordScrape(outcome);
          // Straight to text: the same bytes as the SDK serializer, without OTel metric data per target-scrape.
          return familiesToPrometheusText(samplesToFamilies(outcome.samples));
        });
      }),
    reload: () => fleet.reload(),
    // The allowlist, or a feature vouching for the target (cluster mode: a discovered node).
    isTargetAllowed: (t) => isTargetAllowed(t, config.allowedTargets) || features.some((f) => f.allowsTarget?.(t)),
    discoverClusterNodes: () => features.find((f) => f.httpSd)?.httpSd?.(),
    ready: () => collected && features.every((f) => f.ready()),
    onRequestError: () => tel.self.requestErrors.add(1),
    redactionDebug: (pattern) => redactionDebugJson(config.redaction, pattern),
  });

  const stopAll = async () => {
    await Promise.allSettled(features.map((f) => f.stop()));
    scraper?.close();
    fleet.close();
    runtime.stop();
    await tel.shutdown();
  };

  try {
    const ctx = buildFeatureContext(config, tel, logger);
    for (const factory of options.features ?? FEATURE_FACTORIES) {
      const feature = factory(config, ctx);
      if (!feature) continue;
      await feature.start(ctx);
      features.push(feature);
      logger.info({ feature: feature.name }, 'feature started');
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.listen.port, config.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await stopAll();
    throw error;
  }

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${config.webTls ? 'https' : 'http'}://${host}:${address.port}`;
  logger.info(
    { url, telemetryPath: config.telemetryPath, target, otlpMetrics: tel.otlpMetrics, otlpTraces: tel.otlpTraces },
    'redis-lens exporter listening',
  );
  // First collection right away, so /ready turns 200 without waiting for Prometheus.
  collected = await tel.prometheus
    .collect()
    .then(() => true)
    .catch(() => false);

  return {
    port: address.port,
    url,
    telemetry: tel,
    reload: () => fleet.reload(),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stopAll();
    },
  };
}
