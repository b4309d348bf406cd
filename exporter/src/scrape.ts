import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { passThroughName, type Sample } from './catalog';
import { COMMANDLOG_TYPES, commandlogSamples, hasCommandLog } from './commandlog';
import { CONFIG_PARAMETERS, configSamples } from './config-metrics';
import { FeatureAvailability } from './feature-availability';
import { infoNumber, parseInfoReport, type InfoReport } from './info';
import { infoSamples } from './info-metrics';
import { latencyHistogramSamples, latencySamples } from './latency';
import { rdbFileSizeSamples } from './rdb-file-size';
import { recordList, sentinelMasterSamples, type SentinelMasterDetail } from './sentinel/masters';
import { slowlogSamples } from './slowlog';

/** What a scrape collects beyond INFO, from redis_exporter's flags of the same meaning. */
export interface CollectOptions {
  /** `--config-command`: the name CONFIG was renamed to, or `-` to skip every CONFIG call. */
  configCommand: string;
  /** `--include-sentinel-peer-info`: one `sentinel_peer_info` series per other Sentinel. */
  sentinelPeerInfo: boolean;
  /** `--append-instance-role-label`: every series of the scrape gets `instance_role` (master/slave). */
  instanceRoleLabel: boolean;
  /** `--include-rdb-file-size-metric`: stat the RDB file (the exporter must run beside Redis). */
  rdbFileSize: boolean;
  /** `--exclude-latency-histogram-metrics` turns LATENCY HISTOGRAM off. */
  latencyHistogram: boolean;
}

export const DEFAULT_COLLECT: CollectOptions = {
  configCommand: 'CONFIG',
  sentinelPeerInfo: false,
  instanceRoleLabel: false,
  rdbFileSize: false,
  latencyHistogram: true,
};

/** Redis 7.0+ and every Valkey have LATENCY HISTOGRAM; older servers would count the unknown command as an error. */
function hasLatencyHistogram(report: InfoReport): boolean {
  if (report.fields.has('valkey_version')) return true;
  const major = Number((report.fields.get('redis_version') ?? '').split('.')[0]);
  return Number.isFinite(major) && major >= 7;
}

/** Sentinel mode on Redis (`redis_mode`) and Valkey 8+ (`server_mode`). */
export function serverMode(report: InfoReport): string {
  return report.fields.get('redis_mode') || report.fields.get('server_mode') || '';
}

export interface ScrapeOutcome {
  up: boolean;
  samples: Sample[];
  durationSeconds: number;
  error?: string;
}

const MAX_ERROR_LABEL = 200;
/** Errors of a connection that was closed under us, as ioredis and node:net word them. */
const STALE_CONNECTION = /Connection is closed|Stream isn't writeable|ECONNRESET|EPIPE/;

/** Error text safe for a label and a log line: first line, bounded. */
export function describeError(error: unknown): string {
  // Not `instanceof Error`: errors from node:tls/net may come from another realm (jest's vm sandbox).
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(error);
  return text.split('\n')[0].slice(0, MAX_ERROR_LABEL);
}

/**
 * `redis_cluster_*` from a `CLUSTER INFO` reply, as redis_exporter reads it: every `cluster_*` field under its own
 * name (the two message totals renamed), `ok`/`fail` as 1/0, fields that are not numbers left out.
 */
export function clusterInfoSamples(reply: unknown): Sample[] {
  if (typeof reply !== 'string') return [];
  const out: Sample[] = [];
  for (const line of reply.split(/\r?\n/).slice(0, 1000)) {
    const parts = line.split(':');
    if (parts.length !== 2) continue;
    const name = parts[0].startsWith('cluster_') ? passThroughName(parts[0]) : undefined;
    const value = infoNumber(parts[1].trim());
    if (name && value !== undefined) out.push({ name, value });
  }
  return out;
}

/**
 * Scrapes one Redis (or Sentinel) node. Keeps one connection between scrapes; any failure drops it so the next
 * scrape reconnects (after a restart, password change or network blip).
 */
export class RedisScraper {
  private client?: Redis;
  private lastConnectSeconds = 0;
  /** The outcome of the latest finished scrape, for per-target self-metrics. */
  last?: { up: boolean; durationSeconds: number };

  private readonly availability: FeatureAvailability;
  /** Last role seen, for `instance_role` on the series of a scrape that could not read INFO. */
  private lastRole = '';

  constructor(
    readonly target: string,
    private readonly options: RedisOptions,
    private readonly logger: Logger,
    private readonly collectOptions: CollectOptions = DEFAULT_COLLECT,
  ) {
    this.availability = new FeatureAvailability(logger, target);
  }

  async scrape(): Promise<ScrapeOutcome> {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const samples = await this.collectWithRetry();
      const durationSeconds = elapsed();
      samples.push(
        { name: 'up', value: 1 },
        { name: 'exporter_last_scrape_error', labels: { err: '' }, value: 0 },
        { name: 'exporter_last_scrape_duration_seconds', value: durationSeconds },
        { name: 'exporter_last_scrape_connect_time_seconds', value: this.lastConnectSeconds },
      );
      this.last = { up: true, durationSeconds };
      return { up: true, samples: this.withRole(samples), durationSeconds };
    } catch (error) {
      const reason = describeError(error);
      this.logger.warn({ target: this.target, reason }, 'scrape failed; redis_up 0');
      this.close();
      const durationSeconds = elapsed();
      this.last = { up: false, durationSeconds };
      return {
        up: false,
        error: reason,
        durationSeconds,
        samples: this.withRole([
          { name: 'up', value: 0 },
          { name: 'exporter_last_scrape_error', labels: { err: reason }, value: 1 },
          { name: 'exporter_last_scrape_duration_seconds', value: durationSeconds },
        ]),
      };
    }
  }

  /**
   * A kept connection the server closed since the last scrape (its `timeout`, CLIENT KILL, a restart) can fail before
   * ioredis has noticed; one fresh connection then tells a stale socket from a target that is really down. Only for
   * a closed connection: a timeout (hung server) is not retried, so a scrape never waits twice.
   */
  private async collectWithRetry(): Promise<Sample[]> {
    const reused = this.client?.status === 'ready';
    const client = await this.connect();
    try {
      return await this.collect(client);
    } catch (error) {
      if (!reused || !STALE_CONNECTION.test(describeError(error))) throw this.explain(client, error);
      this.close();
      const fresh = await this.connect();
      return this.collect(fresh).catch((e: unknown) => Promise.reject(this.explain(fresh, e)));
    }
  }

  /**
   * When a command fails only because the connection closed, the connection's own error says why (a WRONGPASS
   * after connect makes ioredis drop the stream, and the pipeline then reports just "Stream isn't writeable").
   */
  private explain(client: Redis, error: unknown): unknown {
    return STALE_CONNECTION.test(describeError(error)) ? (this.causes.get(client) ?? error) : error;
  }

  close(): void {
    this.client?.disconnect();
    this.client = undefined;
  }

  private connecting?: Promise<Redis>;
  /** The first error each connection emitted: why it closed. */
  private readonly causes = new WeakMap<Redis, Error>();

  /** Concurrent scrapes share one connection attempt, so no client is ever orphaned. */
  private connect(): Promise<Redis> {
    if (this.client && this.client.status === 'ready') return Promise.resolve(this.client);
    this.connecting ??= this.openConnection().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async openConnection(): Promise<Redis> {
    this.close();
    const started = process.hrtime.bigint();
    const client = new Redis(this.options);
    // Errors surface through the failing command; the listener keeps ioredis from throwing them globally and keeps
    // the cause of a failed connect (a TLS verification error, ECONNREFUSED), which connect() itself reports only
    // as "Connection is closed.".
    client.on('error', (error: Error) => {
      if (!this.causes.has(client)) this.causes.set(client, error);
    });
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw this.causes.get(client) ?? error;
    }
    this.lastConnectSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.client = client;
    return client;
  }

  /** `--append-instance-role-label`: redis_exporter leaves it off the connect time, read before INFO. */
  private withRole(samples: Sample[]): Sample[] {
    if (!this.collectOptions.instanceRoleLabel) return samples;
    return samples.map((s) =>
      s.name === 'exporter_last_scrape_connect_time_seconds'
        ? s
        : { ...s, labels: { ...s.labels, instance_role: this.lastRole } },
    );
  }

  private async collect(client: Redis): Promise<Sample[]> {
    const { configCommand, latencyHistogram, rdbFileSize } = this.collectOptions;
    const configParameters = configCommand === '-' ? [] : CONFIG_PARAMETERS;
    // One round trip for what every node answers; a Sentinel rejects CONFIG/SLOWLOG/LATENCY, which is fine.
    const pipeline = client.pipeline();
    pipeline.call('INFO', 'ALL');
    for (const p of configParameters) pipeline.call(configCommand, 'GET', p);
    pipeline.call('SLOWLOG', 'LEN');
    pipeline.call('SLOWLOG', 'GET', '1');
    pipeline.call('LATENCY', 'LATEST');
    const replies = (await pipeline.exec()) ?? [];
    const value = (i: number): unknown => (replies[i] && !replies[i][0] ? replies[i][1] : undefined);
    const error = (i: number): unknown => replies[i]?.[0] ?? (replies[i] ? undefined : new Error('no reply'));
    const infoError = replies[0]?.[0];
    if (infoError) throw infoError;
    const infoText = value(0);
    if (typeof infoText !== 'string') throw new Error('INFO returned no text');

    const report = parseInfoReport(infoText);
    this.lastRole = report.fields.get('role') ?? '';
    const n = configParameters.length;
    const config = configSamples(Array.from({ length: n }, (_, i) => value(1 + i)));
    const isSentinel = serverMode(report) === 'sentinel';
    const available = this.availability;
    const dbCount = report.fields.get('cluster_enabled') === '1' ? 1 : (config.dbCount ?? (isSentinel ? 0 : 16));
    const samples = infoSamples(report, { dbCount, nowSeconds: Date.now() / 1000 });
    if (isSentinel) {
      // A refused SENTINEL (renamed, ACL) leaves the INFO-based Sentinel metrics; it does not fail the scrape.
      const sentinel = await this.collectSentinel(client).then(
        (s) => ({ samples: s, error: undefined }),
        (e: unknown) => ({ samples: [], error: e }),
      );
      if (sentinel.error && STALE_CONNECTION.test(describeError(sentinel.error))) throw sentinel.error;
      available.record('sentinel', sentinel.error);
      samples.push(...sentinel.samples, ...available.samples());
      return samples;
    }
    if (configCommand !== '-') available.record('config', n ? error(1) : undefined);
    samples.push(...config.samples);
    if (rdbFileSize) samples.push(...rdbFileSizeSamples(config.values));
    available.record('slowlog', error(1 + n) ?? error(2 + n));
    if (!error(1 + n)) samples.push(...slowlogSamples(value(1 + n), value(2 + n)));
    available.record('latency', error(3 + n));
    samples.push(...latencySamples(value(3 + n)));

    // Commands only some servers have go in a second round trip once INFO says which server this is, so a server
    // without them never counts their "unknown command" in its error statistics.
    const second: { feature: string; args: string[] }[] = [];
    if (latencyHistogram && hasLatencyHistogram(report)) {
      second.push({ feature: 'latency_histogram', args: ['LATENCY', 'HISTOGRAM'] });
    }
    if (hasCommandLog(report.fields.get('valkey_version'))) {
      for (const [type] of COMMANDLOG_TYPES) second.push({ feature: 'commandlog', args: ['COMMANDLOG', 'LEN', type] });
    }
    if (report.fields.get('cluster_enabled') === '1') second.push({ feature: 'cluster', args: ['CLUSTER', 'INFO'] });
    let moreReplies: [Error | null, unknown][] = [];
    if (second.length) {
      const more = client.pipeline();
      for (const c of second) more.call(c.args[0], ...c.args.slice(1));
      moreReplies = (await more.exec()) ?? [];
    }
    const reply = (feature: string) => {
      const i = second.findIndex((c) => c.feature === feature);
      if (i < 0) return undefined;
      const [err, result] = moreReplies[i] ?? [new Error('no reply'), undefined];
      return { i, error: err ?? undefined, value: err ? undefined : result };
    };
    const histogram = reply('latency_histogram');
    if (histogram) {
      available.record('latency_histogram', histogram.error);
      samples.push(...latencyHistogramSamples(histogram.value, report.commandstats));
    }
    const log = reply('commandlog');
    if (log) {
      const lengths = COMMANDLOG_TYPES.map((_, k) => moreReplies[log.i + k]);
      available.record('commandlog', lengths.find((r) => r?.[0])?.[0]);
      samples.push(...commandlogSamples(lengths.map((r) => (r && !r[0] ? r[1] : undefined))));
    }
    const cluster = reply('cluster');
    if (cluster) {
      available.record('cluster', cluster.error);
      samples.push(...clusterInfoSamples(cluster.value));
    }
    samples.push(...available.samples());
    return samples;
  }

  private async collectSentinel(client: Redis): Promise<Sample[]> {
    const masters = recordList(await client.call('SENTINEL', 'MASTERS')).filter((m) => m.name);
    if (!masters.length) return [];
    const pipeline = client.pipeline();
    for (const m of masters) {
      pipeline.call('SENTINEL', 'CKQUORUM', m.name);
      pipeline.call('SENTINEL', 'REPLICAS', m.name);
      pipeline.call('SENTINEL', 'SENTINELS', m.name);
    }
    const replies = (await pipeline.exec()) ?? [];
    const samples: Sample[] = [];
    masters.forEach((master, i) => {
      const [ckErr, ck] = replies[i * 3] ?? [new Error('no reply'), undefined];
      const detail: SentinelMasterDetail = {
        master,
        ckquorum: ckErr ? { ok: false, message: describeError(ckErr) } : { ok: true, message: String(ck) },
        replicas: recordList(replies[i * 3 + 1]?.[1]),
        sentinels: recordList(replies[i * 3 + 2]?.[1]),
      };
      samples.push(...sentinelMasterSamples(detail, { peerInfo: this.collectOptions.sentinelPeerInfo }));
    });
    return samples;
  }
}
