import { readFileSync } from 'node:fs';
import { ConfigError } from '@redis-lens/instrument/config-error';

/** Demo CLI configuration. Pure: parses argv + env, throws `ConfigError` naming the bad setting. */

export interface DemoConfig {
  redisUrl: string;
  /** Sentinel mode (the redis-lens HA client): `host:port` of each Sentinel, and the master's name. */
  sentinels: { host: string; port: number }[];
  masterName: string;
  /** From SENTINEL_PASSWORD; never from argv. */
  sentinelPassword?: string;
  /** From REDIS_PASSWORD or the file named by --redis-password-file; never from argv. */
  redisPassword?: string;
  /** Interface for the HTTP service and /metrics: 127.0.0.1 unless set (containers pass 0.0.0.0). */
  host: string;
  port: number;
  metricsPort: number;
  otlpEndpoint?: string;
  durationSeconds: number;
  requests: number;
  users: number;
  concurrency: number;
  load: boolean;
}

// One ConfigError for the exporter and the demo: same message shape, same exit status 2.
export { ConfigError };

export const USAGE = `usage: redis-lens-demo [--redis-url redis://127.0.0.1:6379] [--redis-password-file FILE]
  [--sentinels h:p,h:p --master-name mymaster] [--host 127.0.0.1] [--port 8080] [--metrics-port 9464] [--duration 60] [--requests 100000] [--users 200] [--concurrency 8] [--no-load]
Exports OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, else serves Prometheus /metrics on --metrics-port.
Password: REDIS_PASSWORD env or --redis-password-file (never on the command line).`;

function integer(setting: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new ConfigError(setting, `expected an integer, got '${text}'`);
  const n = Number(text);
  if (n < min || n > max) throw new ConfigError(setting, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseDemoConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const config: DemoConfig = {
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    sentinels: [],
    masterName: env.REDIS_MASTER_NAME || 'mymaster',
    sentinelPassword: env.SENTINEL_PASSWORD || undefined,
    redisPassword: env.REDIS_PASSWORD || undefined,
    host: '127.0.0.1',
    port: 8080,
    metricsPort: 9464,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    durationSeconds: 60,
    requests: 100_000,
    users: 200,
    concurrency: 8,
    load: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new ConfigError(flag, 'missing value');
      return v;
    };
    switch (flag) {
      case '--sentinels': {
        const list = value() ?? '';
        config.sentinels = list.split(',').map((item) => {
          const m = /^([\w.-]+):(\d{1,5})$/.exec(item.trim());
          if (!m) throw new ConfigError('--sentinels', `expected host:port[,host:port…], got '${item}'`);
          return { host: m[1], port: Number(m[2]) };
        });
        break;
      }
      case '--master-name':
        config.masterName = value() ?? '';
        if (!config.masterName) throw new ConfigError('--master-name', 'must not be empty');
        break;
      case '--redis-url': {
        const url = value();
        if (!/^rediss?:\/\/[^\s]+$/.test(url)) throw new ConfigError('--redis-url', 'expected redis://host:port');
        if (/\/\/[^/@]*:[^/@]*@/.test(url)) {
          throw new ConfigError(
            '--redis-url',
            'must not carry a password; use REDIS_PASSWORD or --redis-password-file',
          );
        }
        config.redisUrl = url;
        break;
      }
      case '--redis-password-file': {
        const file = value();
        try {
          config.redisPassword = readFileSync(file, 'utf8').trim();
        } catch (error) {
          throw new ConfigError('--redis-password-file', `cannot read ${file}: ${(error as Error).message}`);
        }
        break;
      }
      case '--port':
        config.port = integer('--port', value(), 0, 65535);
        break;
      case '--host':
        config.host = value() ?? '';
        if (!/^[\w.:-]+$/.test(config.host))
          throw new ConfigError('--host', `expected an address, got '${config.host}'`);
        break;
      case '--metrics-port':
        config.metricsPort = integer('--metrics-port', value(), 0, 65535);
        break;
      case '--duration':
        config.durationSeconds = integer('--duration', value(), 1, 86_400);
        break;
      case '--requests':
        config.requests = integer('--requests', value(), 1, 1e9);
        break;
      case '--users':
        config.users = integer('--users', value(), 1, 1_000_000);
        break;
      case '--concurrency':
        config.concurrency = integer('--concurrency', value(), 1, 1024);
        break;
      case '--no-load':
        config.load = false;
        break;
      default:
        throw new ConfigError(flag, 'unknown flag');
    }
  }
  return config;
}
