import type { Meter } from '@opentelemetry/api';
import type { RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { ExporterConfig } from './config';
import { redisOptionsFor } from './connection';
import {
  CredentialsError,
  CredentialStore,
  credentialsFingerprint,
  resolveCredentials,
  type CredentialSet,
  type Resolution,
} from './credentials';
import { HttpError } from './http-server';
import { DEFAULT_COLLECT, RedisScraper, type CollectOptions } from './scrape';

export interface PoolOptions {
  /** Targets that keep a connection between scrapes; 0 turns pooling off (one connection per scrape). */
  maxTargets: number;
  /** A pooled connection unused this long is closed. */
  idleTimeoutMs: number;
}

/** What a pooled connection is opened with, and a digest telling a reload whether that changed. */
export interface TargetConnection {
  options: RedisOptions;
  fingerprint: string;
}

/** Why a pooled connection was closed: over `maxTargets` (least recently used), unused too long, credentials changed. */
export type EvictionReason = 'lru' | 'idle' | 'credentials';

/** A pooled target as self-metrics see it. */
export interface PooledTarget {
  target: string;
  authModule?: string;
  scraper: RedisScraper;
}

interface PoolEntry {
  key: string;
  target: string;
  authModule?: string;
  scraper: RedisScraper;
  fingerprint: string;
  inFlight: number;
  retired: boolean;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Keeps one RedisScraper (one connection) per target and credential choice between scrapes, so a fleet scraped
 * every 15 s does not open and authenticate hundreds of connections each time (redis_exporter #773, #1096). Bounded:
 * past `maxTargets` the least recently used idle entry is closed; entries unused for `idleTimeoutMs` close too. A
 * connection that broke is reopened by the scraper on the next scrape, which reports `redis_up 0` until it works.
 */
export class TargetPool {
  private readonly entries = new Map<string, PoolEntry>();

  constructor(
    private readonly options: PoolOptions,
    /** Throws for a target it cannot connect to as asked (e.g. an unknown auth module). */
    private readonly connection: (target: string, authModule?: string) => TargetConnection,
    private readonly logger: Logger,
    private readonly collect: CollectOptions = DEFAULT_COLLECT,
    private readonly onEvict: (reason: EvictionReason) => void = () => undefined,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The pooled targets, least recently used first. */
  targets(): PooledTarget[] {
    return [...this.entries.values()];
  }

  /** Runs `fn` with the target's scraper; the connection stays open for the next scrape when pooling is on. */
  async use<T>(target: string, authModule: string | undefined, fn: (scraper: RedisScraper) => Promise<T>): Promise<T> {
    if (this.options.maxTargets <= 0) {
      const once = new RedisScraper(target, this.connection(target, authModule).options, this.logger, this.collect);
      try {
        return await fn(once);
      } finally {
        once.close();
      }
    }
    const key = `${target}\n${authModule ?? ''}`;
    let entry = this.entries.get(key);
    if (entry) {
      // Credentials change only on reload, and refresh() then retires the entries they affect: a kept entry's
      // options are current, so they are not rebuilt (and their fingerprint hashed) on every scrape.
      // Re-inserted so the Map's order stays least recently used first.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      const { options, fingerprint } = this.connection(target, authModule);
      entry = this.add(key, target, authModule, options, fingerprint);
    }
    clearTimeout(entry.idleTimer);
    entry.inFlight++;
    try {
      return await fn(entry.scraper);
    } finally {
      this.release(entry);
    }
  }

  /** Closes pooled connections whose credentials changed (after a reload) or that can no longer be opened. */
  refresh(): number {
    let closed = 0;
    for (const entry of [...this.entries.values()]) {
      let fingerprint: string | undefined;
      try {
        fingerprint = this.connection(entry.target, entry.authModule).fingerprint;
      } catch {
        fingerprint = undefined;
      }
      if (fingerprint !== entry.fingerprint) {
        this.retire(entry, 'credentials');
        closed++;
      }
    }
    return closed;
  }

  close(): void {
    for (const entry of [...this.entries.values()]) this.retire(entry);
  }

  private add(
    key: string,
    target: string,
    authModule: string | undefined,
    options: RedisOptions,
    fingerprint: string,
  ): PoolEntry {
    if (this.entries.size >= this.options.maxTargets) {
      // Only idle entries are evicted: closing a busy one would fail a scrape in flight. When every entry is busy
      // the pool briefly holds one more; the next release brings it back under the bound.
      for (const e of this.entries.values()) {
        if (e.inFlight > 0) continue;
        this.retire(e, 'lru');
        break;
      }
    }
    const entry: PoolEntry = {
      key,
      target,
      authModule,
      scraper: new RedisScraper(target, options, this.logger, this.collect),
      fingerprint,
      inFlight: 0,
      retired: false,
    };
    this.entries.set(key, entry);
    return entry;
  }

  private release(entry: PoolEntry): void {
    entry.inFlight--;
    if (entry.inFlight > 0) return;
    if (entry.retired) {
      entry.scraper.close();
      return;
    }
    if (this.entries.size > this.options.maxTargets) {
      this.retire(entry, 'lru');
      return;
    }
    entry.idleTimer = setTimeout(() => this.retire(entry, 'idle'), this.options.idleTimeoutMs);
    entry.idleTimer.unref();
  }

  private retire(entry: PoolEntry, reason?: EvictionReason): void {
    clearTimeout(entry.idleTimer);
    if (reason && !entry.retired) this.onEvict(reason);
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    entry.retired = true;
    if (entry.inFlight === 0) entry.scraper.close();
  }
}

/** Connection options for a target with the credentials chosen for it; the exporter's own ones by default. */
export function connectionFor(target: string, resolution: Resolution, config: ExporterConfig): TargetConnection {
  if (resolution.kind === 'unknown-module') {
    throw new HttpError(400, `unknown auth_module '${resolution.name.slice(0, 64)}'`);
  }
  if (resolution.kind === 'default') {
    return { options: redisOptionsFor(target, config), fingerprint: credentialsFingerprint(undefined) };
  }
  const c = resolution.credentials;
  return {
    options: redisOptionsFor(target, {
      ...config,
      redisUser: c.user,
      redisPassword: c.password,
      tls: c.tls ?? config.tls,
    }),
    fingerprint: credentialsFingerprint(c),
  };
}

export interface Fleet {
  /** Pooled targets with their latest scrape (self-metrics). */
  targets(): PooledTarget[];
  /** Runs `fn` with a scraper for the target; throws HttpError 400 for an unknown auth module. */
  use<T>(target: string, authModule: string | undefined, fn: (scraper: RedisScraper) => Promise<T>): Promise<T>;
  /** Re-reads the credentials file; returns the problem when it is refused (the previous credentials stay). */
  reload(): string | undefined;
  close(): void;
}

/**
 * `/scrape?target=` for a fleet: per-target credentials from `--scrape.credentials-file` (reloadable) and the
 * connection pool, with two self-metrics so a failed SIGHUP reload is visible without reading logs.
 */
export function createFleet(config: ExporterConfig, logger: Logger, meter: Meter): Fleet {
  const file = config.scrapeCredentials;
  const store = file ? new CredentialStore(file.path, file.set) : undefined;
  const warn = (set: CredentialSet) => {
    for (const warning of set.warnings) logger.warn({ file: file?.path }, warning);
  };
  if (store) warn(store.set);
  let reloadOk = 1;
  const evictions = meter.createCounter('redis_exporter_scrape_pool_evictions_total', {
    description:
      'Pooled /scrape connections closed by the pool, by reason (lru: over --scrape.pool-size; idle; credentials)',
  });
  const pool = new TargetPool(
    config.scrapePool,
    (target, authModule) => connectionFor(target, resolveCredentials(store?.set, target, authModule), config),
    logger,
    config.collect,
    (reason) => evictions.add(1, { reason }),
  );
  // Present from the start: an operator alerts on its rate, which needs the series before the first eviction.
  for (const reason of ['lru', 'idle', 'credentials'] as const) evictions.add(0, { reason });
  meter
    .createObservableGauge('redis_exporter_scrape_pool_max_targets', {
      description: 'Targets the /scrape pool keeps a connection for (--scrape.pool-size)',
    })
    .addCallback((r) => r.observe(config.scrapePool.maxTargets));
  meter
    .createObservableGauge('redis_exporter_scrape_pool_targets', {
      description: 'Targets of /scrape holding a pooled connection',
    })
    .addCallback((r) => r.observe(pool.size));
  if (store) {
    meter
      .createObservableGauge('redis_exporter_scrape_credentials_last_reload_successful', {
        description: 'Whether the last reload of --scrape.credentials-file succeeded (1) or kept the old one (0)',
      })
      .addCallback((r) => r.observe(reloadOk));
  }
  return {
    targets: () => pool.targets(),
    use: (target, authModule, fn) => pool.use(target, authModule, fn),
    reload() {
      if (!store) {
        logger.info('reload: no --scrape.credentials-file, nothing to reload');
        return undefined;
      }
      let set: CredentialSet;
      try {
        set = store.reload();
      } catch (error) {
        if (!(error instanceof CredentialsError)) throw error;
        reloadOk = 0;
        logger.error({ reason: error.message }, 'credentials reload failed; keeping the previous credentials');
        return `--scrape.credentials-file: ${error.message}`;
      }
      reloadOk = 1;
      warn(set);
      const closed = pool.refresh();
      logger.info(
        { file: store.path, targets: set.entries.length, authModules: set.modules.size, connectionsClosed: closed },
        'credentials reloaded',
      );
      return undefined;
    },
    close: () => pool.close(),
  };
}
