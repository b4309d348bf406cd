export { loadConfig, ConfigError, type ExporterConfig } from './config';
export { startExporter, type RunningExporter } from './service';
export type { ExporterFeature, FeatureContext } from './feature';
export { FEATURE_FACTORIES, type FeatureFactory } from './features';
export * from '@redis-lens/instrument/redaction';
