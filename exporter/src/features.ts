import type { ExporterConfig } from './config';
import type { ExporterFeature, FeatureContext } from './feature';

/** Builds a feature from config, or returns undefined when the config does not ask for it. */
export type FeatureFactory = (config: ExporterConfig, ctx: FeatureContext) => ExporterFeature | undefined;

/** Long-running features, started after the MeterProvider exists and stopped on shutdown. Added at merge. */
export const FEATURE_FACTORIES: FeatureFactory[] = [];
