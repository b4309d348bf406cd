import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SecureVersion } from 'node:tls';
import { ConfigError } from '@redis-lens/instrument/config-error';
import { LOG_FORMATS, type LogFormat } from '@redis-lens/instrument/log-format';
import { CredentialsError, loadCredentials, type CredentialSet } from './credentials';
import { splitKeyGroups } from './memory/key-groups';
import { luaPatternProblem } from './memory/lua-pattern';
import { DEFAULT_MEMORY_OPTIONS, type MemoryOptions } from './memory/options';
import type { CollectOptions } from './scrape';
import {
  REDACTION_ENV,
  createRedactionPolicy,
  parseWindow,
  splitPatternList,
  validatePatterns,
  type LearnerOptions,
  type RedactionPolicy,
} from '@redis-lens/instrument/redaction';

export { ConfigError };

export interface TlsClientConfig {
  caCertFile?: string;
  clientCertFile?: string;
  clientKeyFile?: string;
  serverName?: string;
  skipVerification: boolean;
}

/** HTTPS on the exporter's own endpoint. */
export interface WebTlsConfig {
  certFile: string;
  keyFile: string;
  /** mTLS: clients must present a certificate signed by a CA in this file, or the handshake fails. */
  clientCaFile?: string;
  /** Lowest TLS version the endpoint accepts (node:tls spelling). */
  minVersion: SecureVersion;
}

/** redis_exporter's `--tls-server-min-version` values, in node:tls spelling. */
export const WEB_TLS_VERSIONS: Record<string, SecureVersion> = {
  'TLS1.0': 'TLSv1',
  'TLS1.1': 'TLSv1.1',
  'TLS1.2': 'TLSv1.2',
  'TLS1.3': 'TLSv1.3',
};

export interface HotkeysConfig {
  enabled: boolean;
  topN: number;
  intervalMs: number;
  scanCount: number;
  maxCycleMs: number;
  /** Span of the server-side access-rate estimate (successive OBJECT FREQ readings). */
  rateWindowMs: number;
}

export interface ExporterConfig {
  /** Redis to scrape on /metrics: redis://, rediss://, unix:// URL or socket path. Undefined in Sentinel-only mode. */
  redisAddr?: string;
  redisUser?: string;
  /** Never from argv: REDIS_PASSWORD or the password file. */
  redisPassword?: string;
  tls: TlsClientConfig;
  sentinelAddrs: { host: string; port: number }[];
  sentinelMasterName?: string;
  sentinelPassword?: string;
  /**
   * Whether every connection to a Sentinel (failover subscription, master seeding and, in Sentinel-only mode, the
   * polled Sentinel on /metrics) uses TLS with the `--tls-*` client flags. See {@link sentinelTlsDefault}.
   */
  sentinelTls: boolean;
  listen: { host?: string; port: number };
  telemetryPath: string;
  /** URL prefixes or globs (`*`) that `/scrape?target=` may reach; empty refuses every target. */
  allowedTargets: string[];
  /** `--scrape.credentials-file`: per-target credentials for /scrape (reloadable), with the set read at start. */
  scrapeCredentials?: { path: string; set: CredentialSet };
  /** Connections /scrape keeps between scrapes (see target-pool.ts). */
  scrapePool: { maxTargets: number; idleTimeoutMs: number };
  basicAuth?: { user: string; password: string };
  webTls?: WebTlsConfig;
  hotkeys: HotkeysConfig;
  /** Memory by key group and the out-of-memory forecast (memory/). */
  memory: MemoryOptions;
  redaction: RedactionPolicy;
  connectTimeoutMs: number;
  logLevel: string;
  /** `--log-format`: json, txt, or auto (txt on a terminal, JSON otherwise). */
  logFormat: LogFormat;
  /** `--is-cluster`: `redisAddr` is a seed node of a Redis Cluster; every node is discovered from it. */
  isCluster: boolean;
  /** How often the cluster topology is re-read in full (it is also re-read at once when CLUSTER INFO changes). */
  clusterRefreshMs: number;
  /**
   * `--cluster-discover-hostnames` (redis_exporter's flag, default off as there): `/discover-cluster-nodes` hands out a
   * node's announced hostname instead of its ip when it has one.
   */
  clusterDiscoverHostnames: boolean;
  /** redis_exporter's collection flags (`--config-command`, `--include-sentinel-peer-info`, …). */
  collect: CollectOptions;
}

/** Flags that take a value, with the env var that can set them (same names as redis_exporter where they exist). */
const VALUE_FLAGS: Record<string, string | undefined> = {
  'redis.addr': 'REDIS_ADDR',
  'redis.user': 'REDIS_USER',
  'redis.password-file': 'REDIS_PASSWORD_FILE',
  'web.listen-address': 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS',
  'web.telemetry-path': 'REDIS_EXPORTER_WEB_TELEMETRY_PATH',
  'tls-ca-cert-file': 'REDIS_EXPORTER_TLS_CA_CERT_FILE',
  'tls-client-cert-file': 'REDIS_EXPORTER_TLS_CLIENT_CERT_FILE',
  'tls-client-key-file': 'REDIS_EXPORTER_TLS_CLIENT_KEY_FILE',
  'tls-server-name': 'REDIS_EXPORTER_TLS_SERVER_NAME',
  'sentinel.addrs': 'SENTINEL_ADDRS',
  'sentinel.master-name': 'SENTINEL_MASTER_NAME',
  'sentinel.password-file': 'SENTINEL_PASSWORD_FILE',
  'hotkeys.top-n': 'HOTKEYS_TOP_N',
  'hotkeys.interval': 'HOTKEYS_INTERVAL',
  'hotkeys.scan-count': 'HOTKEYS_SCAN_COUNT',
  'hotkeys.max-cycle': 'HOTKEYS_MAX_CYCLE',
  'hotkeys.enabled': 'HOTKEYS_ENABLED',
  'hotkeys.rate-window': 'HOTKEYS_RATE_WINDOW',
  'memory.enabled': 'REDIS_LENS_MEMORY_ENABLED',
  'memory.interval': 'REDIS_LENS_MEMORY_INTERVAL',
  'memory.max-cycle-ms': 'REDIS_LENS_MEMORY_MAX_CYCLE_MS',
  'memory.max-commands-per-second': 'REDIS_LENS_MEMORY_MAX_COMMANDS_PER_SECOND',
  'memory.samples': 'REDIS_LENS_MEMORY_SAMPLES',
  'memory.window-keys': 'REDIS_LENS_MEMORY_WINDOW_KEYS',
  'memory.forecast-window': 'REDIS_LENS_MEMORY_FORECAST_WINDOW',
  'check-key-groups': 'REDIS_EXPORTER_CHECK_KEY_GROUPS',
  'max-distinct-key-groups': 'REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS',
  'key.raw-prefixes': REDACTION_ENV.rawPrefixes,
  'redaction.patterns': REDACTION_ENV.patterns,
  'redaction.min-keys': REDACTION_ENV.minKeys,
  'redaction.max-values': REDACTION_ENV.maxValues,
  'redaction.window': REDACTION_ENV.window,
  'scrape.allowed-targets': 'SCRAPE_ALLOWED_TARGETS',
  'scrape.credentials-file': 'REDIS_EXPORTER_SCRAPE_CREDENTIALS_FILE',
  'scrape.pool-size': 'REDIS_EXPORTER_SCRAPE_POOL_SIZE',
  'scrape.pool-idle-timeout': 'REDIS_EXPORTER_SCRAPE_POOL_IDLE_TIMEOUT',
  'web.basic-auth-user': 'WEB_BASIC_AUTH_USER',
  'web.basic-auth-password-file': 'WEB_BASIC_AUTH_PASSWORD_FILE',
  'web.tls-cert-file': 'WEB_TLS_CERT_FILE',
  'web.tls-key-file': 'WEB_TLS_KEY_FILE',
  'web.tls-client-ca-cert-file': 'WEB_TLS_CLIENT_CA_CERT_FILE',
  'web.tls-min-version': 'WEB_TLS_MIN_VERSION',
  'tls-server-cert-file': 'REDIS_EXPORTER_TLS_SERVER_CERT_FILE',
  'tls-server-key-file': 'REDIS_EXPORTER_TLS_SERVER_KEY_FILE',
  'tls-server-ca-cert-file': 'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE',
  'tls-server-min-version': 'REDIS_EXPORTER_TLS_SERVER_MIN_VERSION',
  'connection-timeout': 'REDIS_EXPORTER_CONNECTION_TIMEOUT',
  'log.level': 'LOG_LEVEL',
  'log-format': 'REDIS_EXPORTER_LOG_FORMAT',
  'cluster.refresh-interval': 'REDIS_LENS_CLUSTER_REFRESH_INTERVAL',
  'config-command': 'REDIS_EXPORTER_CONFIG_COMMAND',
};
/** redis_exporter's names for the endpoint's TLS settings (flags and env vars above), accepted beside ours. */
const REDIS_EXPORTER_WEB_TLS_NAMES: Record<string, string> = {
  'web.tls-cert-file': 'tls-server-cert-file',
  'web.tls-key-file': 'tls-server-key-file',
  'web.tls-client-ca-cert-file': 'tls-server-ca-cert-file',
  'web.tls-min-version': 'tls-server-min-version',
};
const BOOLEAN_FLAGS: Record<string, string> = {
  'skip-tls-verification': 'REDIS_EXPORTER_SKIP_TLS_VERIFICATION',
  'sentinel.tls': 'SENTINEL_TLS',
  'is-cluster': 'REDIS_EXPORTER_IS_CLUSTER',
  'cluster-discover-hostnames': 'REDIS_EXPORTER_CLUSTER_DISCOVER_HOSTNAMES',
  'include-sentinel-peer-info': 'REDIS_EXPORTER_INCL_SENTINEL_PEER_INFO',
  'append-instance-role-label': 'REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL',
  'include-rdb-file-size-metric': 'REDIS_EXPORTER_INCL_RDB_FILE_SIZE_METRIC',
  'exclude-latency-histogram-metrics': 'REDIS_EXPORTER_EXCLUDE_LATENCY_HISTOGRAM_METRICS',
};
/** Value flags that take several values (until the next flag) and may repeat. */
const LIST_FLAGS: Record<string, true> = { 'redaction.patterns': true };
/** Flags redis_exporter has but redis-lens refuses, with the reason. */
const REFUSED_FLAGS: Record<string, string> = {
  'redis.password':
    'passwords never go on the command line (visible in ps); use REDIS_PASSWORD or --redis.password-file',
  'sentinel.password': 'use SENTINEL_PASSWORD or --sentinel.password-file',
  'web.basic-auth-password': 'use WEB_BASIC_AUTH_PASSWORD or --web.basic-auth-password-file',
};

export const USAGE = `Usage: redis-lens-exporter [flags]
  --redis.addr URL              redis://host:port, rediss://host:port, unix:///path or /path (env REDIS_ADDR)
  --redis.user NAME             ACL user (env REDIS_USER); password: env REDIS_PASSWORD or --redis.password-file
  --web.listen-address ADDR     default :9121          --web.telemetry-path PATH  default /metrics
  --tls-ca-cert-file, --tls-client-cert-file, --tls-client-key-file, --tls-server-name, --skip-tls-verification
  --sentinel.addrs h:p,h:p  --sentinel.master-name NAME  --sentinel.password-file FILE (env SENTINEL_PASSWORD)
  --sentinel.tls[=false]        TLS to Sentinels (default: --redis.addr is rediss://, or none and a --tls-* flag set)
  --hotkeys.enabled (true) --hotkeys.top-n (20) --hotkeys.interval (10s) --hotkeys.scan-count (100) --hotkeys.max-cycle (200ms)
  --hotkeys.rate-window (5m)    span of the accesses/min estimate from successive LFU counter readings
  --memory.enabled (true) --memory.interval (1s) --memory.max-cycle-ms (250) --memory.max-commands-per-second (5000)
  --memory.samples (5, MEMORY USAGE SAMPLES) --memory.window-keys (100000) --memory.forecast-window (30m)
  --check-key-groups 'pat1,pat2'  redis_exporter's Lua patterns (default grouping: redacted key pattern)
  --max-distinct-key-groups (100) groups beyond it fold into key_group="overflow"
  --key.raw-prefixes p1,p2      --scrape.allowed-targets redis://10.0.0.*,rediss://cache.internal:6380
  --scrape.credentials-file FILE  per-target user + password_file for /scrape (JSON; reload: SIGHUP, POST /-/reload)
  --scrape.pool-size (1024, 0 = off) --scrape.pool-idle-timeout (2m)  /scrape connections kept between scrapes
  --redaction.patterns 'session:{id}' 'user:{email}:cart'   key patterns shown as declared (env REDIS_LENS_KEY_PATTERNS)
  --redaction.min-keys (8) --redaction.max-values (64) --redaction.window (1h)   learned key names (docs/instrument.md)
  --web.basic-auth-user NAME (password: env WEB_BASIC_AUTH_PASSWORD or --web.basic-auth-password-file)
  --web.tls-cert-file FILE --web.tls-key-file FILE   HTTPS on the endpoint; with it:
  --web.tls-client-ca-cert-file FILE (require client certificates signed by it)  --web.tls-min-version (TLS1.2)
  --log.level (info)  --log-format json|txt|auto (auto: readable lines on a terminal, JSON otherwise)
  (redis_exporter's --tls-server-cert-file, -key-file, -ca-cert-file, -min-version work too)
  --is-cluster                  --redis.addr is a Redis Cluster seed: discover every node, /discover-cluster-nodes
  --cluster.refresh-interval (10s)  topology re-read interval (and at once when CLUSTER INFO changes)
  --cluster-discover-hostnames  /discover-cluster-nodes hands out announced hostnames instead of ips
  --config-command NAME (CONFIG)  the renamed CONFIG command of a managed service, or - to skip CONFIG
  --include-sentinel-peer-info  --append-instance-role-label  --include-rdb-file-size-metric
  --exclude-latency-histogram-metrics   (redis_exporter's flags, same meaning)
OTLP push: set OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_METRICS_ENDPOINT.`;

/** Reads `--flag value`, `--flag=value`, `-flag value` (Go style) into a map; unknown flags are errors. */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--?([A-Za-z0-9._-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new ConfigError(arg, 'unexpected argument (flags look like --name value)');
    const [, name, inline] = match;
    if (name === 'help' || name === 'h') {
      out.set('help', 'true');
      continue;
    }
    if (name in REFUSED_FLAGS) throw new ConfigError(`--${name}`, REFUSED_FLAGS[name]);
    if (name in BOOLEAN_FLAGS) {
      out.set(name, inline ?? 'true');
      continue;
    }
    if (!(name in VALUE_FLAGS)) throw new ConfigError(`--${name}`, 'unknown flag');
    if (name in LIST_FLAGS) {
      // `--redaction.patterns a b` and `--redaction.patterns a --redaction.patterns b` both give "a b".
      const values = inline !== undefined ? [inline] : [];
      while (inline === undefined && i + 1 < argv.length && !argv[i + 1].startsWith('-')) values.push(argv[++i]);
      if (!values.length) throw new ConfigError(`--${name}`, 'needs a value');
      out.set(name, [out.get(name), ...values].filter(Boolean).join(' '));
    } else if (inline !== undefined) {
      out.set(name, inline);
    } else {
      if (i + 1 >= argv.length) throw new ConfigError(`--${name}`, 'needs a value');
      out.set(name, argv[++i]);
    }
  }
  return out;
}

/** Go-style duration: 10s, 200ms, 1m, 1.5s; a bare number means milliseconds. */
export function parseDuration(setting: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new ConfigError(setting, `'${text}' is not a duration (e.g. 10s, 200ms)`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 'ms']!;
  const ms = Number(match[1]) * factor;
  if (ms <= 0) throw new ConfigError(setting, 'must be greater than zero');
  return ms;
}

/** A duration with a floor, e.g. the rate window (readings under a second apart give no estimate). */
function atLeast(setting: string, ms: number, minMs: number): number {
  if (ms < minMs) throw new ConfigError(setting, `must be at least ${minMs} ms`);
  return ms;
}

function parsePositiveInt(setting: string, text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0) {
    throw new ConfigError(setting, `'${text}' is not a positive integer`);
  }
  return Number(text);
}

function parseBool(setting: string, text: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new ConfigError(setting, `'${text}' is not true or false`);
}

/** `:9121`, `127.0.0.1:9121`, `[::1]:9121`. */
export function parseListenAddress(setting: string, text: string): { host?: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new ConfigError(setting, `'${text}' is not host:port`);
  const host = match[1] ?? match[2];
  return { host: host || undefined, port };
}

/** Checks a Redis address is one the scraper can reach: redis://, rediss://, unix:// or an absolute socket path. */
export function validateRedisAddr(setting: string, text: string): string {
  const addr = text.trim();
  if (addr.startsWith('/')) return addr;
  let url: URL;
  try {
    url = new URL(addr.includes('://') ? addr : `redis://${addr}`);
  } catch {
    throw new ConfigError(setting, `'${addr}' is not a redis://, rediss:// or unix:// address`);
  }
  if (!['redis:', 'rediss:', 'unix:'].includes(url.protocol)) {
    throw new ConfigError(setting, `scheme '${url.protocol}' is not redis://, rediss:// or unix://`);
  }
  if (url.password)
    throw new ConfigError(setting, 'put the password in REDIS_PASSWORD or a password file, not the URL');
  if (url.protocol !== 'unix:' && !url.hostname) throw new ConfigError(setting, `'${addr}' has no host`);
  return addr.includes('://') ? addr : `redis://${addr}`;
}

function parseHostPortList(setting: string, text: string): { host: string; port: number }[] {
  return splitList(text).map((item) => {
    const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(item);
    if (!match || Number(match[3]) > 65535) throw new ConfigError(setting, `'${item}' is not host:port`);
    return { host: match[1] ?? match[2], port: Number(match[3]) };
  });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function readSecretFile(setting: string, path: string): string {
  try {
    // Trailing newline from `echo pw > file` is not part of the password.
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError(setting, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/**
 * TLS towards Sentinels when `--sentinel.tls` is not given: with `--redis.addr`, the same as that address
 * (`rediss://` → TLS); in Sentinel-only mode (no `--redis.addr`), TLS as soon as any TLS client flag is set
 * (`--tls-ca-cert-file`, `--tls-client-cert-file`, `--tls-server-name`, `--skip-tls-verification`), since Sentinels are
 * then the only thing they could be meant for.
 */
export function sentinelTlsDefault(redisAddr: string | undefined, tls: TlsClientConfig): boolean {
  if (redisAddr) return redisAddr.startsWith('rediss://');
  return Boolean(tls.caCertFile || tls.clientCertFile || tls.serverName || tls.skipVerification);
}

/** Builds the configuration from argv and env. Pure apart from reading password files. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ExporterConfig {
  const flags = parseArgs(argv);
  const get = (name: string): string | undefined => {
    const fromFlag = flags.get(name);
    if (fromFlag !== undefined) return fromFlag;
    const envName = VALUE_FLAGS[name] ?? BOOLEAN_FLAGS[name];
    const fromEnv = envName ? env[envName] : undefined;
    return fromEnv === '' ? undefined : fromEnv;
  };
  const settingName = (name: string) =>
    flags.has(name) ? `--${name}` : (VALUE_FLAGS[name] ?? BOOLEAN_FLAGS[name] ?? `--${name}`);
  /**
   * An endpoint TLS setting under our name or redis_exporter's. Flags beat env vars as usual; the same setting given
   * twice at one level (both flags, or both env vars) must agree.
   */
  const webSetting = (name: string): { value?: string; setting: string } => {
    const names = [name, REDIS_EXPORTER_WEB_TLS_NAMES[name]];
    const levels: [(n: string) => string | undefined, (n: string) => string][] = [
      [(n) => flags.get(n), (n) => `--${n}`],
      [(n) => env[VALUE_FLAGS[n]!] || undefined, (n) => VALUE_FLAGS[n]!],
    ];
    for (const [read, label] of levels) {
      const given = names.filter((n) => read(n) !== undefined);
      if (given.length === 2 && read(given[0]) !== read(given[1])) {
        throw new ConfigError(label(given[1]), `conflicts with ${label(given[0])} (the same setting)`);
      }
      if (given.length) return { value: read(given[0]), setting: label(given[0]) };
    }
    return { value: undefined, setting: `--${name}` };
  };

  const sentinelAddrs = get('sentinel.addrs')
    ? parseHostPortList(settingName('sentinel.addrs'), get('sentinel.addrs')!)
    : [];
  const sentinelMasterName = get('sentinel.master-name');
  if (sentinelAddrs.length && !sentinelMasterName) {
    throw new ConfigError('--sentinel.master-name', 'required with --sentinel.addrs');
  }
  if (sentinelMasterName && !sentinelAddrs.length) {
    throw new ConfigError('--sentinel.addrs', 'required with --sentinel.master-name');
  }

  const rawAddr = get('redis.addr');
  // Like redis_exporter, default to localhost:6379 — unless only Sentinels are configured.
  const redisAddr = rawAddr
    ? validateRedisAddr(settingName('redis.addr'), rawAddr)
    : sentinelAddrs.length
      ? undefined
      : 'redis://localhost:6379';

  const passwordFile = get('redis.password-file');
  const redisPassword = passwordFile
    ? readSecretFile(settingName('redis.password-file'), passwordFile)
    : env.REDIS_PASSWORD || undefined;
  // redis_exporter's --redis.password-file is a JSON map of URI → password; here that map would become one password.
  if (passwordFile && /^\s*\{[\s\S]*"\s*:\s*"[\s\S]*\}\s*$/.test(redisPassword!)) {
    throw new ConfigError(
      settingName('redis.password-file'),
      "looks like redis_exporter's JSON map of URI → password: pass it as --scrape.credentials-file (this flag takes one password)",
    );
  }
  const sentinelPasswordFile = get('sentinel.password-file');
  const sentinelPassword = sentinelPasswordFile
    ? readSecretFile(settingName('sentinel.password-file'), sentinelPasswordFile)
    : env.SENTINEL_PASSWORD || undefined;

  const tls: TlsClientConfig = {
    caCertFile: get('tls-ca-cert-file'),
    clientCertFile: get('tls-client-cert-file'),
    clientKeyFile: get('tls-client-key-file'),
    serverName: get('tls-server-name'),
    skipVerification: parseBool(settingName('skip-tls-verification'), get('skip-tls-verification') ?? 'false'),
  };
  if (Boolean(tls.clientCertFile) !== Boolean(tls.clientKeyFile)) {
    throw new ConfigError('--tls-client-cert-file', 'needs --tls-client-key-file too (and the other way round)');
  }
  for (const [name, file] of [
    ['tls-ca-cert-file', tls.caCertFile],
    ['tls-client-cert-file', tls.clientCertFile],
    ['tls-client-key-file', tls.clientKeyFile],
  ] as const) {
    if (file) readSecretFile(settingName(name), file);
  }

  const sentinelTlsText = get('sentinel.tls');
  const sentinelTls = sentinelTlsText
    ? parseBool(settingName('sentinel.tls'), sentinelTlsText)
    : sentinelAddrs.length > 0 && sentinelTlsDefault(redisAddr, tls);
  if (sentinelTls && !sentinelAddrs.length) {
    throw new ConfigError(settingName('sentinel.tls'), 'only applies with --sentinel.addrs');
  }

  const telemetryPath = get('web.telemetry-path') ?? '/metrics';
  if (
    !telemetryPath.startsWith('/') ||
    ['/scrape', '/health', '/ready', '/discover-cluster-nodes'].includes(telemetryPath)
  ) {
    throw new ConfigError(
      settingName('web.telemetry-path'),
      `'${telemetryPath}' must start with / and not be a built-in path`,
    );
  }

  const basicAuthUser = get('web.basic-auth-user');
  const basicAuthPasswordFile = get('web.basic-auth-password-file');
  const basicAuthPassword = basicAuthPasswordFile
    ? readSecretFile(settingName('web.basic-auth-password-file'), basicAuthPasswordFile)
    : env.WEB_BASIC_AUTH_PASSWORD || undefined;
  if (basicAuthUser && !basicAuthPassword) {
    throw new ConfigError(
      'WEB_BASIC_AUTH_PASSWORD',
      'required with --web.basic-auth-user (or --web.basic-auth-password-file)',
    );
  }
  if (!basicAuthUser && basicAuthPassword) {
    throw new ConfigError('--web.basic-auth-user', 'required when a basic auth password is set');
  }

  const webCert = webSetting('web.tls-cert-file');
  const webKey = webSetting('web.tls-key-file');
  if (Boolean(webCert.value) !== Boolean(webKey.value)) {
    const given = webCert.value ? webCert : webKey;
    throw new ConfigError(given.setting, 'needs --web.tls-cert-file and --web.tls-key-file together');
  }
  if (webCert.value) readSecretFile(webCert.setting, webCert.value);
  if (webKey.value) readSecretFile(webKey.setting, webKey.value);
  const webClientCa = webSetting('web.tls-client-ca-cert-file');
  const webMinVersionText = webSetting('web.tls-min-version');
  for (const { value, setting } of [webClientCa, webMinVersionText]) {
    // Refused rather than ignored: the operator would believe in mTLS or TLS 1.3 on what is plain HTTP.
    if (value !== undefined && !webCert.value) {
      throw new ConfigError(setting, 'needs --web.tls-cert-file and --web.tls-key-file (HTTPS)');
    }
  }
  if (webClientCa.value) {
    const pem = readSecretFile(webClientCa.setting, webClientCa.value);
    try {
      new X509Certificate(pem);
    } catch {
      throw new ConfigError(webClientCa.setting, `${webClientCa.value} is not a PEM certificate`);
    }
  }
  const webMinVersionName = webMinVersionText.value ?? 'TLS1.2';
  const webMinVersion = Object.hasOwn(WEB_TLS_VERSIONS, webMinVersionName) ? WEB_TLS_VERSIONS[webMinVersionName] : null;
  if (!webMinVersion) {
    throw new ConfigError(
      webMinVersionText.setting,
      `'${webMinVersionName}' is not one of ${Object.keys(WEB_TLS_VERSIONS).join(', ')}`,
    );
  }

  const allowedTargets = splitList(get('scrape.allowed-targets') ?? '');
  for (const target of allowedTargets) {
    if (!/^(redis|rediss|unix):\/\//.test(target)) {
      throw new ConfigError(
        settingName('scrape.allowed-targets'),
        `'${target}' must start with redis://, rediss:// or unix://`,
      );
    }
  }

  const credentialsPath = get('scrape.credentials-file');
  let scrapeCredentials: ExporterConfig['scrapeCredentials'];
  if (credentialsPath) {
    try {
      scrapeCredentials = { path: credentialsPath, set: loadCredentials(credentialsPath) };
    } catch (error) {
      if (error instanceof CredentialsError)
        throw new ConfigError(settingName('scrape.credentials-file'), error.message);
      throw error;
    }
  }
  const poolSizeText = get('scrape.pool-size') ?? '1024';
  if (!/^\d+$/.test(poolSizeText.trim())) {
    throw new ConfigError(
      settingName('scrape.pool-size'),
      `'${poolSizeText}' is not a whole number (0 turns pooling off)`,
    );
  }
  const scrapePool = {
    maxTargets: Number(poolSizeText),
    idleTimeoutMs: parseDuration(settingName('scrape.pool-idle-timeout'), get('scrape.pool-idle-timeout') ?? '2m'),
  };

  const patterns = splitPatternList(get('redaction.patterns'));
  validatePatterns(settingName('redaction.patterns'), patterns);
  const learner: Partial<LearnerOptions> = {};
  const minKeys = get('redaction.min-keys');
  const maxValues = get('redaction.max-values');
  const window = parseWindow(settingName('redaction.window'), get('redaction.window'));
  if (minKeys !== undefined) learner.minKeys = parsePositiveInt(settingName('redaction.min-keys'), minKeys);
  if (maxValues !== undefined) learner.maxValues = parsePositiveInt(settingName('redaction.max-values'), maxValues);
  if (window !== undefined) learner.windowMs = window;

  const logLevel = get('log.level') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(settingName('log.level'), `'${logLevel}' is not a pino level`);
  }
  const logFormat = (get('log-format') ?? 'auto') as LogFormat;
  if (!LOG_FORMATS.includes(logFormat)) {
    throw new ConfigError(settingName('log-format'), `'${logFormat}' is not one of ${LOG_FORMATS.join(', ')}`);
  }

  const isCluster = parseBool(settingName('is-cluster'), get('is-cluster') ?? 'false');
  if (isCluster && sentinelAddrs.length) {
    throw new ConfigError(settingName('is-cluster'), 'cannot be combined with --sentinel.addrs');
  }
  if (isCluster && (redisAddr?.startsWith('/') || redisAddr?.startsWith('unix:'))) {
    throw new ConfigError(settingName('redis.addr'), 'a cluster seed is a redis:// or rediss:// host:port');
  }

  const configCommand = get('config-command') ?? 'CONFIG';
  if (!/^(-|[A-Za-z0-9_|.:-]{1,64})$/.test(configCommand)) {
    throw new ConfigError(settingName('config-command'), `'${configCommand}' is not a command name (or - to skip)`);
  }
  const flag = (name: string, fallback: string) => parseBool(settingName(name), get(name) ?? fallback);
  const collect: CollectOptions = {
    configCommand,
    sentinelPeerInfo: flag('include-sentinel-peer-info', 'false'),
    instanceRoleLabel: flag('append-instance-role-label', 'false'),
    rdbFileSize: flag('include-rdb-file-size-metric', 'false'),
    latencyHistogram: !flag('exclude-latency-histogram-metrics', 'false'),
  };

  return {
    redisAddr,
    redisUser: get('redis.user'),
    redisPassword,
    tls,
    sentinelAddrs,
    sentinelMasterName,
    sentinelPassword,
    sentinelTls,
    listen: parseListenAddress(settingName('web.listen-address'), get('web.listen-address') ?? ':9121'),
    telemetryPath,
    allowedTargets,
    scrapeCredentials,
    scrapePool,
    basicAuth: basicAuthUser ? { user: basicAuthUser, password: basicAuthPassword! } : undefined,
    webTls: webCert.value
      ? { certFile: webCert.value, keyFile: webKey.value!, clientCaFile: webClientCa.value, minVersion: webMinVersion }
      : undefined,
    hotkeys: {
      enabled: parseBool(settingName('hotkeys.enabled'), get('hotkeys.enabled') ?? 'true'),
      topN: parsePositiveInt(settingName('hotkeys.top-n'), get('hotkeys.top-n') ?? '20'),
      intervalMs: parseDuration(settingName('hotkeys.interval'), get('hotkeys.interval') ?? '10s'),
      scanCount: parsePositiveInt(settingName('hotkeys.scan-count'), get('hotkeys.scan-count') ?? '100'),
      maxCycleMs: parseDuration(settingName('hotkeys.max-cycle'), get('hotkeys.max-cycle') ?? '200ms'),
      rateWindowMs: atLeast(
        settingName('hotkeys.rate-window'),
        parseDuration(settingName('hotkeys.rate-window'), get('hotkeys.rate-window') ?? '5m'),
        1000,
      ),
    },
    memory: loadMemoryOptions(get, settingName),
    redaction: createRedactionPolicy({
      hashSecret: env[REDACTION_ENV.hashSecret] || undefined,
      rawPrefixes: splitPatternList(get('key.raw-prefixes')),
      allowRawKeys: /^(1|true|yes)$/i.test(env[REDACTION_ENV.allowRawKeys] ?? ''),
      patterns,
      learner,
    }),
    connectTimeoutMs: parseDuration(settingName('connection-timeout'), get('connection-timeout') ?? '5s'),
    logLevel,
    logFormat,
    isCluster,
    clusterRefreshMs: parseDuration(settingName('cluster.refresh-interval'), get('cluster.refresh-interval') ?? '10s'),
    clusterDiscoverHostnames: parseBool(
      settingName('cluster-discover-hostnames'),
      get('cluster-discover-hostnames') ?? 'false',
    ),
    collect,
  };
}

/** `--memory.*`, `--check-key-groups`, `--max-distinct-key-groups`; each invalid value names its setting. */
function loadMemoryOptions(
  get: (name: string) => string | undefined,
  settingName: (name: string) => string,
): MemoryOptions {
  const d = DEFAULT_MEMORY_OPTIONS;
  const int = (name: string, fallback: number, min: number): number => {
    const text = get(name);
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text.trim()) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
      throw new ConfigError(settingName(name), `'${text}' is not a whole number >= ${min}`);
    }
    return Number(text);
  };
  const keyGroups = splitKeyGroups(get('check-key-groups') ?? '');
  for (const pattern of keyGroups) {
    const problem = luaPatternProblem(pattern);
    if (problem) throw new ConfigError(settingName('check-key-groups'), `'${pattern}': ${problem}`);
  }
  return {
    enabled: parseBool(settingName('memory.enabled'), get('memory.enabled') ?? 'true'),
    intervalMs: parseDuration(settingName('memory.interval'), get('memory.interval') ?? `${d.intervalMs}ms`),
    maxCycleMs: int('memory.max-cycle-ms', d.maxCycleMs, 1),
    maxCommandsPerSecond: int('memory.max-commands-per-second', d.maxCommandsPerSecond, 10),
    samples: int('memory.samples', d.samples, 0),
    windowKeys: int('memory.window-keys', d.windowKeys, 100),
    forecastWindowMs: atLeast(
      settingName('memory.forecast-window'),
      parseDuration(settingName('memory.forecast-window'), get('memory.forecast-window') ?? '30m'),
      1000,
    ),
    keyGroups,
    maxDistinctKeyGroups: int('max-distinct-key-groups', d.maxDistinctKeyGroups, 1),
  };
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h' || a === '-help');
}
