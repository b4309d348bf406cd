import type { ExporterConfig } from './config';
import type { ExporterFeature, FeatureContext } from './feature';
import { createClusterFeature } from './cluster/feature';
import { createFailoverFeature } from './sentinel/failover';
import { createServerHotKeysFeature } from './hotkeys/server';
import { createMemorySamplerFeature } from './memory/sampler';

/** Builds a feature from config, or returns undefined when the config does not ask for it. */
export type FeatureFactory = (config: ExporterConfig, ctx: FeatureContext) => ExporterFeature | undefined;

/**
 * Long-running features, started after the MeterProvider exists and stopped on shutdown. Each one is a no-op when
 * its inputs are absent: failover tracking without Sentinels, hot keys without a Redis node or with hot keys off.
 */
export const FEATURE_FACTORIES: FeatureFactory[] = [
  (_config, ctx) => (ctx.sentinels.length ? createFailoverFeature() : undefined),
  // In cluster mode the cluster feature runs one hot-key scan per master instead of one on the seed.
  (_config, ctx) => (ctx.redis && ctx.hotkeys.enabled && !ctx.cluster ? createServerHotKeysFeature() : undefined),
  (_config, ctx) => (ctx.cluster ? createClusterFeature() : undefined),
  // Likewise the memory sampler: one per master in cluster mode.
  (_config, ctx) => (ctx.redis && ctx.memory?.enabled && !ctx.cluster ? createMemorySamplerFeature() : undefined),
];
