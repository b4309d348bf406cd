import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { RedisOptions } from 'ioredis';
import type { ExporterConfig } from './config';

/** TLS client options from the --tls-* flags; read once per connection so rotated certificates are picked up. */
export function tlsOptions(config: Pick<ExporterConfig, 'tls'>): ConnectionOptions {
  const t = config.tls;
  return {
    ca: t.caCertFile ? readFileSync(t.caCertFile) : undefined,
    cert: t.clientCertFile ? readFileSync(t.clientCertFile) : undefined,
    key: t.clientKeyFile ? readFileSync(t.clientKeyFile) : undefined,
    servername: t.serverName,
    rejectUnauthorized: !t.skipVerification,
  };
}

/** Options every exporter connection shares: fail fast, never queue, never retry behind the scrape's back. */
const SCRAPE_DEFAULTS: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  enableReadyCheck: false,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
  autoResubscribe: false,
  connectionName: 'redis-lens',
};

/**
 * ioredis options for a redis://, rediss://, unix:// address or socket path, with the configured user, password
 * and TLS. The password comes from config (env or file), never from the address.
 */
export function redisOptionsFor(
  addr: string,
  config: Pick<ExporterConfig, 'redisUser' | 'redisPassword' | 'tls' | 'connectTimeoutMs'>,
  purpose: 'scrape' | 'feature' = 'scrape',
): RedisOptions {
  const base: RedisOptions = {
    // Features keep ioredis's reconnecting defaults; scrapes fail fast and reconnect on the next scrape.
    ...(purpose === 'scrape' ? { ...SCRAPE_DEFAULTS, commandTimeout: config.connectTimeoutMs } : {}),
    username: config.redisUser,
    password: config.redisPassword,
    connectTimeout: config.connectTimeoutMs,
  };
  if (addr.startsWith('/')) return { ...base, path: addr };
  const url = new URL(addr);
  if (url.protocol === 'unix:') return { ...base, path: decodeURIComponent(url.pathname) };
  const db = Number(url.pathname.slice(1) || 0);
  const options: RedisOptions = {
    ...base,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    db: Number.isInteger(db) ? db : 0,
    username: url.username ? decodeURIComponent(url.username) : config.redisUser,
  };
  if (url.protocol === 'rediss:') options.tls = tlsOptions(config);
  return options;
}

/** ioredis options for a Sentinel node (feature context): Sentinel password, the TLS flags when `sentinelTls`. */
export function sentinelOptionsFor(
  sentinel: { host: string; port: number },
  config: Pick<ExporterConfig, 'sentinelPassword' | 'sentinelTls' | 'tls' | 'connectTimeoutMs'>,
): RedisOptions {
  return {
    host: sentinel.host,
    port: sentinel.port,
    password: config.sentinelPassword,
    connectTimeout: config.connectTimeoutMs,
    ...(config.sentinelTls ? { tls: tlsOptions(config) } : {}),
  };
}
