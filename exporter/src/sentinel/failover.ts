import type { Counter, Histogram } from '@opentelemetry/api';
import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { ExporterFeature, FeatureContext } from '../feature';
import { emitFailoverTrace } from '../failover-trace';
import { FailoverTracker, type FailoverRecord, type FailoverTrackerOptions, type IngestResult } from './events';

/** Failover durations run from ~1 s (SENTINEL FAILOVER) to a minute (down-after + election + promotion). */
export const FAILOVER_DURATION_BUCKETS = [0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120];
const TICK_MS = 1_000;
const SEED_TIMEOUT_MS = 3_000;
/** Bounds the series of `redis_sentinel_current_master_info` a misbehaving Sentinel could create. */
const MAX_MASTER_SERIES = 1_000;

export interface FailoverFeatureOptions extends FailoverTrackerOptions {
  /** ioredis reconnect delay cap per Sentinel. */
  maxReconnectDelayMs?: number;
}

interface Instruments {
  events: Counter;
  failovers: Counter;
  duration: Histogram;
}

/**
 * Follows Sentinel failovers as they happen: `PSUBSCRIBE *` on every Sentinel, one state machine over all of
 * them, metrics from docs/metrics.md and one trace per failover.
 */
export function createFailoverFeature(options: FailoverFeatureOptions = {}): ExporterFeature {
  return new FailoverFeature(options);
}

class FailoverFeature implements ExporterFeature {
  readonly name = 'sentinel-failover';
  private readonly tracker: FailoverTracker;
  private readonly subscribers: Redis[] = [];
  private readonly subscribed = new Set<string>();
  /** `master\0address` → 1 for the current master, 0 for a former one (so a dashboard can show what it was). */
  private readonly masterSeries = new Map<string, number>();
  private readonly lastFailoverSeconds = new Map<string, number>();
  private ctx?: FeatureContext;
  private logger?: Logger;
  private instruments?: Instruments;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: FailoverFeatureOptions) {
    this.tracker = new FailoverTracker(options);
  }

  async start(ctx: FeatureContext): Promise<void> {
    this.ctx = ctx;
    this.logger = ctx.logger.child({ feature: this.name });
    const { meter } = ctx;
    this.instruments = {
      events: meter.createCounter('redis_sentinel_events', {
        description: 'Sentinel pub/sub events seen, de-duplicated across Sentinels',
      }),
      failovers: meter.createCounter('redis_sentinel_failovers', {
        description: 'Sentinel failovers by result (one per failover, however many Sentinels report it)',
      }),
      duration: meter.createHistogram('redis_sentinel_failover_duration_seconds', {
        description: 'Time from the first +odown/+try-failover to +switch-master',
        unit: 's',
        advice: { explicitBucketBoundaries: FAILOVER_DURATION_BUCKETS },
      }),
    };
    ctx.addMetrics(() => [
      {
        name: 'redis_sentinel_current_master_info',
        help: 'The master as last announced by +switch-master or polled from Sentinel (1); 0 for a former master',
        kind: 'gauge',
        series: [...this.masterSeries].map(([key, value]) => {
          const [masterName, masterAddress] = key.split('\0');
          return { labels: { master_name: masterName, master_address: masterAddress }, value };
        }),
      },
      {
        name: 'redis_sentinel_last_failover_timestamp_seconds',
        help: 'Unix time of the last +switch-master',
        kind: 'gauge',
        series: [...this.lastFailoverSeconds].map(([masterName, value]) => ({
          labels: { master_name: masterName },
          value,
        })),
      },
    ]);

    if (!ctx.sentinels.length) {
      this.logger.info('no Sentinel configured: failover tracking is off');
      return;
    }
    for (const sentinel of ctx.sentinels) this.subscribe(sentinel);
    this.timer = setInterval(() => this.onCompleted(this.tracker.tick()), TICK_MS);
    this.timer.unref();
    await this.seedMasters();
  }

  ready(): boolean {
    return !this.ctx?.sentinels.length || this.subscribed.size > 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    // Subscribers hold no pending writes; disconnect also cancels a reconnect timer to a dead Sentinel.
    for (const s of this.subscribers) s.disconnect();
    this.subscribed.clear();
  }

  private subscribe(options: RedisOptions): void {
    const source = `${options.host ?? '127.0.0.1'}:${options.port ?? 26379}`;
    const cap = this.options.maxReconnectDelayMs ?? 5_000;
    const sub = new Redis({
      ...options,
      lazyConnect: true,
      maxRetriesPerRequest: null,
      autoResubscribe: true,
      disconnectTimeout: 500,
      // Backoff with a cap: a dead Sentinel is retried forever without a busy loop.
      retryStrategy: (attempt) => (this.stopped ? null : Math.min(100 * 2 ** Math.min(attempt, 10), cap)),
    });
    this.subscribers.push(sub);
    let wasReady = false;
    sub.on('pmessage', (_pattern: string, channel: string, message: string) =>
      this.onMessage(channel, message, source),
    );
    sub.on('error', (error: Error) => this.logger?.debug({ sentinel: source, err: error.message }, 'sentinel error'));
    sub.on('ready', () => {
      if (!wasReady) {
        wasReady = true;
        return; // the first subscription is confirmed by psubscribe below
      }
      // Reconnected (ioredis re-subscribes): events may have been missed, so ask for the master again.
      this.subscribed.add(source);
      this.logger?.info({ sentinel: source }, 'resubscribed to sentinel');
      void this.seedMasters();
    });
    sub.on('close', () => {
      if (this.subscribed.delete(source) && !this.stopped) {
        this.logger?.warn({ sentinel: source }, 'lost sentinel subscription; reconnecting');
      }
    });
    sub.psubscribe('*').then(
      () => {
        this.subscribed.add(source);
        this.logger?.info({ sentinel: source }, 'subscribed to sentinel events');
      },
      (error: Error) => this.logger?.warn({ sentinel: source, err: error.message }, 'sentinel psubscribe failed'),
    );
  }

  private onMessage(channel: string, message: string, source: string): void {
    const result: IngestResult = this.tracker.ingest(channel, message, Date.now(), source);
    if (!result.event) return;
    if (result.switchedMaster) {
      const { masterName, address } = result.switchedMaster;
      this.setCurrentMaster(masterName, address);
      this.lastFailoverSeconds.set(masterName, Date.now() / 1000);
    }
    if (!result.duplicate) {
      this.instruments!.events.add(1, { master_name: result.event.masterName ?? '', event: result.event.event });
    }
    this.onCompleted(result.completed);
  }

  private onCompleted(records: FailoverRecord[]): void {
    for (const record of records) {
      this.instruments!.failovers.add(1, { master_name: record.masterName, result: record.result });
      if (record.durationSeconds !== null) {
        this.instruments!.duration.record(record.durationSeconds, { master_name: record.masterName });
      }
      try {
        emitFailoverTrace(this.ctx!.tracer, record);
      } catch (error) {
        this.logger?.warn({ err: (error as Error).message }, 'could not emit failover trace');
      }
      this.logger?.info(
        {
          master_name: record.masterName,
          result: record.result,
          duration_s: record.durationSeconds,
          old_master: record.oldAddress,
          new_master: record.newAddress,
          abort_reason: record.abortReason,
        },
        'sentinel failover completed',
      );
    }
  }

  private setCurrentMaster(masterName: string, address: string): void {
    this.tracker.setMaster(masterName, address);
    for (const key of this.masterSeries.keys()) {
      if (key.startsWith(`${masterName}\0`)) this.masterSeries.set(key, 0);
    }
    const key = `${masterName}\0${address}`;
    if (this.masterSeries.has(key) || this.masterSeries.size < MAX_MASTER_SERIES) this.masterSeries.set(key, 1);
  }

  /** Seeds each master's address from the first Sentinel that answers `SENTINEL GET-MASTER-ADDR-BY-NAME`. */
  private async seedMasters(): Promise<void> {
    const ctx = this.ctx!;
    const seeded = new Set<string>();
    await Promise.allSettled(
      ctx.sentinels.map(async (options) => {
        const client = new Redis({
          ...options,
          lazyConnect: true,
          retryStrategy: () => null,
          maxRetriesPerRequest: 0,
          connectTimeout: SEED_TIMEOUT_MS,
          commandTimeout: SEED_TIMEOUT_MS,
        });
        client.on('error', () => undefined);
        try {
          const names = ctx.masterName ? [ctx.masterName] : await this.masterNames(client);
          for (const name of names) {
            const reply = await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name);
            if (!Array.isArray(reply) || reply.length !== 2 || seeded.has(name)) continue;
            // A failover in flight will announce the new master itself; a poll must not race it.
            if (this.tracker.inProgress(name)) continue;
            seeded.add(name);
            // Start each master's failover counters at 0: a series that first appears at 1 shows no increase() in
            // Prometheus, so the first failover after start-up would be invisible to dashboards.
            for (const result of ['success', 'aborted'])
              this.instruments!.failovers.add(0, { master_name: name, result });
            const address = `${String(reply[0])}:${String(reply[1])}`;
            if (this.tracker.currentMaster(name) !== address) this.setCurrentMaster(name, address);
          }
        } catch (error) {
          this.logger?.debug(
            { sentinel: `${options.host}:${options.port}`, err: (error as Error).message },
            'seed failed',
          );
        } finally {
          client.disconnect();
        }
      }),
    );
  }

  private async masterNames(client: Redis): Promise<string[]> {
    const reply = await client.call('SENTINEL', 'MASTERS');
    if (!Array.isArray(reply)) return [];
    const names: string[] = [];
    for (const entry of reply) {
      if (!Array.isArray(entry)) continue;
      const index = entry.findIndex((v, i) => i % 2 === 0 && String(v) === 'name');
      if (index >= 0 && entry[index + 1] !== undefined) names.push(String(entry[index + 1]));
    }
    return names.slice(0, MAX_MASTER_SERIES);
  }
}
