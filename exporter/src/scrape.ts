import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { CLUSTER_INFO_GAUGES, type Sample } from './catalog';
import { infoNumber, parseClusterInfo } from './cluster/topology';
import { CONFIG_PARAMETERS, configSamples } from './config-metrics';
import { parseInfoReport } from './info';
import { infoSamples } from './info-metrics';
import { latencySamples } from './latency';
import { recordList, sentinelMasterSamples, type SentinelMasterDetail } from './sentinel/masters';
import { slowlogSamples } from './slowlog';

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

/** `redis_cluster_*` from a `CLUSTER INFO` reply, as redis_exporter names them (`cluster_state` ok → 1). */
export function clusterInfoSamples(reply: unknown): Sample[] {
  if (typeof reply !== 'string') return [];
  const info = parseClusterInfo(reply);
  const out: Sample[] = [];
  for (const [field, text] of info) {
    const name = CLUSTER_INFO_GAUGES[field];
    if (!name) continue;
    const value = field === 'cluster_state' ? (text === 'ok' ? 1 : 0) : infoNumber(info, field);
    if (value !== undefined) out.push({ name, value });
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

  constructor(
    readonly target: string,
    private readonly options: RedisOptions,
    private readonly logger: Logger,
  ) {}

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
      return { up: true, samples, durationSeconds };
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
        samples: [
          { name: 'up', value: 0 },
          { name: 'exporter_last_scrape_error', labels: { err: reason }, value: 1 },
          { name: 'exporter_last_scrape_duration_seconds', value: durationSeconds },
        ],
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
  /** From the last INFO on the current connection; undefined until one was read. */
  private clusterEnabled?: boolean;
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
    this.clusterEnabled = undefined;
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

  private async collect(client: Redis): Promise<Sample[]> {
    // One round trip for everything a data node answers; a Sentinel rejects CONFIG/SLOWLOG, which is fine.
    const pipeline = client.pipeline();
    pipeline.call('INFO', 'ALL');
    for (const p of CONFIG_PARAMETERS) pipeline.call('CONFIG', 'GET', p);
    pipeline.call('SLOWLOG', 'LEN');
    pipeline.call('SLOWLOG', 'GET', '1');
    pipeline.call('LATENCY', 'LATEST');
    // Only where the last INFO on this connection said cluster_enabled:1 (or none was read yet): a node without
    // cluster support refuses it, and ioredis builds an Error with a stack trace for every refusal — per scrape.
    // Cluster support cannot change without a restart, which closes the connection and clears this.
    const askCluster = this.clusterEnabled !== false;
    if (askCluster) pipeline.call('CLUSTER', 'INFO');
    const replies = (await pipeline.exec()) ?? [];
    const value = (i: number): unknown => (replies[i] && !replies[i][0] ? replies[i][1] : undefined);
    const infoError = replies[0]?.[0];
    if (infoError) throw infoError;
    const infoText = value(0);
    if (typeof infoText !== 'string') throw new Error('INFO returned no text');

    const report = parseInfoReport(infoText);
    this.clusterEnabled = report.fields.get('cluster_enabled') === '1';
    const n = CONFIG_PARAMETERS.length;
    const config = configSamples(Array.from({ length: n }, (_, i) => value(1 + i)));
    const samples = infoSamples(report, { dbCount: config.dbCount, nowSeconds: Date.now() / 1000 });
    samples.push(...config.samples);
    if (report.fields.get('redis_mode') === 'sentinel') {
      samples.push(...(await this.collectSentinel(client)));
    } else {
      samples.push(...slowlogSamples(value(1 + n), value(2 + n)));
      samples.push(...latencySamples(value(3 + n)));
      if (askCluster && this.clusterEnabled) samples.push(...clusterInfoSamples(value(4 + n)));
    }
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
      samples.push(...sentinelMasterSamples(detail));
    });
    return samples;
  }
}
