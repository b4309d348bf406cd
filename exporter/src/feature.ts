import type { Meter, Tracer } from '@opentelemetry/api';
import type { RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { FamilySource } from './producer';
import type { RedactionPolicy } from '@redis-lens/instrument/redaction';
import type { MemoryOptions } from './memory/options';

/** What a long-running exporter feature (failover tracking, server-side hot keys) gets from the service. */
export interface FeatureContext {
  /** Event counters and histograms (they accumulate for the life of the process). */
  meter: Meter;
  /** State read afresh at every collection: a series the source stops reporting disappears from the output. */
  addMetrics(source: FamilySource): void;
  tracer: Tracer;
  logger: Logger;
  /** ioredis options (host, port, username, password, TLS) for the configured Redis node; undefined in Sentinel-only mode. */
  redis?: RedisOptions;
  /** ioredis options for each Sentinel (auth and TLS applied). Empty unless Sentinel mode is configured. */
  sentinels: RedisOptions[];
  masterName?: string;
  redaction: RedactionPolicy;
  hotkeys: {
    enabled: boolean;
    topN: number;
    intervalMs: number;
    scanCount: number;
    maxCycleMs: number;
    /** Span of the access-rate estimate; default 5 minutes. */
    rateWindowMs?: number;
  };
  /** The memory sampler's settings (`--memory.*`); defaults when absent. */
  memory?: MemoryOptions;
  /**
   * Set in cluster mode (`--is-cluster`): `redis` is the seed node. `discoverHostnames`: http_sd hands out announced
   * hostnames (`--cluster-discover-hostnames`).
   */
  cluster?: { refreshIntervalMs: number; discoverHostnames?: boolean };
}

export interface ExporterFeature {
  readonly name: string;
  start(ctx: FeatureContext): Promise<void>;
  /** Contributes to /ready: true once serving (e.g. subscribed to at least one Sentinel). */
  ready(): boolean;
  stop(): Promise<void>;
  /** Targets this feature vouches for on `/scrape` beside the allowlist (cluster mode: the discovered nodes). */
  allowsTarget?(target: string): boolean;
  /** Prometheus http_sd groups for `/discover-cluster-nodes`; only the cluster feature has them. */
  httpSd?(): { targets: string[]; labels: Record<string, string> }[];
}
