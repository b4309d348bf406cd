import type { Logger } from 'pino';
import { BackgroundLoop } from '../background-loop';
import type { ExporterFeature, FeatureContext } from '../feature';
import { TopKeys, type HotKeyEntry } from './topk';
import { observeKey, renderKey } from '@redis-lens/instrument/redaction';
import { hotKeyRateFamilies, type HotKeyRateSource } from './source';
import { DEFAULT_LFU_SETTINGS, LfuRateWindow, parseLfuSettings, type LfuSettings } from './lfu-rate';

/** `object_refused`: OBJECT is renamed or denied (managed services, ACL users without it). */
export type HotKeysReason = 'ok' | 'no_lfu_policy' | 'object_refused' | 'error';

/** An error reply saying the command is renamed away or not allowed for this user. */
const REFUSED = /unknown command|NOPERM|no permissions/i;

/** `OBJECT FREQ` only answers under an LFU eviction policy. */
export function isLfuPolicy(policy: string | undefined): boolean {
  return policy === 'allkeys-lfu' || policy === 'volatile-lfu';
}

/** `maxmemory_policy` and the dbs holding keys, from `INFO memory` and `INFO keyspace`. */
export function parseHotKeysInfo(text: string): { policy?: string; dbs: number[] } {
  const out: { policy?: string; dbs: number[] } = { dbs: [] };
  for (const line of text.split(/\r?\n/)) {
    const policy = /^maxmemory_policy:(\S+)/.exec(line);
    if (policy) out.policy = policy[1];
    const db = /^db(\d{1,5}):keys=(\d+)/.exec(line);
    if (db && Number(db[2]) > 0) out.dbs.push(Number(db[1]));
  }
  return out;
}

/**
 * Throws an error naming the first invalid `hotkeys` setting, so the service can exit non-zero at start-up instead of
 * failing every cycle.
 */
export function validateHotKeysSettings(hotkeys: FeatureContext['hotkeys']): void {
  const rules: [keyof FeatureContext['hotkeys'], number][] = [
    ['topN', 1],
    ['intervalMs', 0],
    ['scanCount', 1],
    ['maxCycleMs', 1],
  ];
  for (const [name, min] of rules) {
    const value = hotkeys[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new Error(`invalid hotkeys.${name}: ${String(value)} (an integer >= ${min})`);
    }
  }
  // Readings less than a second apart give no estimate (lfu-rate.ts), so a shorter window would export nothing.
  if (hotkeys.rateWindowMs !== undefined && !(hotkeys.rateWindowMs >= 1000)) {
    throw new Error(`invalid hotkeys.rateWindowMs: ${String(hotkeys.rateWindowMs)} (at least 1000 ms)`);
  }
}

/** Bounds one pipeline of `OBJECT FREQ` whatever SCAN returns (COUNT is only a hint). */
const MAX_FREQ_BATCH = 1_000;
const FIX_HINT = 'CONFIG SET maxmemory-policy allkeys-lfu (or volatile-lfu)';
const DEFAULT_RATE_WINDOW_MS = 5 * 60_000;
const RATE_METHOD =
  'source="server_estimate": the expected accesses behind the change of OBJECT FREQ across successive readings ' +
  'within --hotkeys.rate-window, inverting the LFU increment (step c to c+1 costs (c-5)*lfu-log-factor+1 accesses) ' +
  'with the decays of lfu-decay-time added back; a lower bound once the counter saturates at 255.';

interface ScanPass {
  dbs: number[];
  dbIndex: number;
  cursor: string;
  /** SCAN returned cursor 0 for the current db. */
  dbScanned: boolean;
  /** Keys the last SCAN returned, whose OBJECT FREQ rides on the next round trip. */
  pending: Buffer[];
  top: TopKeys;
}

interface Published extends HotKeyEntry {
  label: string;
  pattern: string;
  /** Successive OBJECT FREQ readings, for the access-rate estimate. */
  window: LfuRateWindow;
}

/**
 * Server-side hot keys: when the server runs an LFU policy, an incremental background `SCAN` (cursor kept across
 * cycles) with pipelined `OBJECT FREQ` over every db with keys keeps the top N keys, on its own connection and
 * bounded in time per cycle — never inside a scrape. Keys leave the exported set when they disappear or cool down.
 */
export function createServerHotKeysFeature(): ExporterFeature {
  return new ServerHotKeysFeature();
}

class ServerHotKeysFeature implements ExporterFeature {
  readonly name = 'server-hotkeys';
  private ctx?: FeatureContext;
  private logger?: Logger;
  private loop?: BackgroundLoop;
  private started = false;
  private reason?: HotKeysReason;
  private pass?: ScanPass;
  /** The exported top N; a key that leaves it leaves the output at the next collection. */
  private published: Published[] = [];
  private labelVersion = -1;
  /** The server's lfu-log-factor and lfu-decay-time; Redis's defaults while CONFIG GET is denied or renamed. */
  private lfu: LfuSettings = DEFAULT_LFU_SETTINGS;
  private lfuOrigin?: 'config_get' | 'assumed_default';
  private readonly rateSource: HotKeyRateSource = {
    source: 'server_estimate',
    rates: () =>
      this.published.flatMap((e) => {
        const estimate = e.window.estimate(this.lfu);
        if (!estimate) return [];
        const relativeError = estimate.saturated ? 1 : estimate.relativeError;
        return [{ db: e.db, label: e.label, pattern: e.pattern, perMinute: estimate.perMinute, relativeError }];
      }),
  };

  async start(ctx: FeatureContext): Promise<void> {
    this.ctx = ctx;
    this.logger = ctx.logger.child({ feature: this.name });
    this.started = true;
    if (ctx.hotkeys.enabled) validateHotKeysSettings(ctx.hotkeys);
    if (!ctx.hotkeys.enabled || !ctx.redis) {
      this.logger.info(ctx.redis ? 'server-side hot keys disabled' : 'no Redis node configured: hot keys off');
      return;
    }
    ctx.addMetrics(() => [
      {
        name: 'redis_hotkeys_available',
        help: 'Whether the server-side LFU hot-key scan runs (1) or why not (0)',
        kind: 'gauge',
        series: this.reason ? [{ labels: { reason: this.reason }, value: this.reason === 'ok' ? 1 : 0 }] : [],
      },
      {
        name: 'redis_hotkey_lfu_frequency',
        help: 'OBJECT FREQ (logarithmic LFU counter) of the hottest keys',
        kind: 'gauge',
        series: this.published.map((e) => ({
          labels: { db: String(e.db), key: e.label, pattern: e.pattern },
          value: e.freq,
        })),
      },
      ...hotKeyRateFamilies([this.rateSource], RATE_METHOD),
      {
        name: 'redis_hotkey_lfu_settings_info',
        help: 'LFU settings the access-rate estimate uses: from CONFIG GET, or Redis defaults assumed when CONFIG is denied or renamed',
        kind: 'gauge',
        series: this.lfuOrigin
          ? [
              {
                labels: {
                  lfu_log_factor: String(this.lfu.logFactor),
                  lfu_decay_time: String(this.lfu.decayMinutes),
                  origin: this.lfuOrigin,
                },
                value: 1,
              },
            ]
          : [],
      },
    ]);
    this.loop = new BackgroundLoop({
      redis: ctx.redis,
      connectionName: 'redis-lens-hotkeys',
      intervalMs: () => ctx.hotkeys.intervalMs,
      cycle: () => this.cycle(),
      onConnectionError: (error) => this.logger?.debug({ err: error.message }, 'hot-key connection error'),
    });
    this.loop.start();
  }

  ready(): boolean {
    return this.started;
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private get stopped(): boolean {
    return this.loop?.stopped ?? false;
  }

  private async cycle(): Promise<void> {
    try {
      const conn = await this.loop!.connection();
      // Two single-section INFOs: multi-section INFO needs Redis 7, and INFO without a section is needlessly large.
      const replies =
        (await conn.pipeline().info('memory').info('keyspace').call('CONFIG', 'GET', 'lfu-*').exec()) ?? [];
      const info = parseHotKeysInfo(
        replies
          .slice(0, 2)
          .map((reply) => String(resultOf(reply)))
          .join('\n'),
      );
      this.readLfuSettings(replies[2]);
      if (!isLfuPolicy(info.policy)) {
        if (this.setReason('no_lfu_policy')) {
          this.logger?.warn(
            { maxmemory_policy: info.policy ?? 'unknown' },
            `server-side hot keys need an LFU maxmemory-policy; to enable: ${FIX_HINT}`,
          );
        }
        this.pass = undefined;
        this.publish([]);
        return;
      }
      // A refused OBJECT stays refused: checked again by the scan, which resets the reason only when it works.
      if (this.reason !== 'object_refused' && this.setReason('ok'))
        this.logger?.info({ maxmemory_policy: info.policy }, 'server-side hot-key scan running');
      await this.refreshPublished();
      await this.scan(info.dbs);
    } catch (error) {
      if (this.stopped) return;
      if (this.setReason('error'))
        this.logger?.warn({ err: (error as Error).message }, 'server-side hot-key scan failed');
    }
  }

  /** CONFIG may be renamed or denied (managed services): then Redis's defaults are assumed, and said once. */
  private readLfuSettings(reply: [Error | null, unknown] | undefined): void {
    const denied = !reply || reply[0];
    const origin = denied ? 'assumed_default' : 'config_get';
    if (origin !== this.lfuOrigin && denied) {
      this.logger?.warn(
        { err: reply?.[0]?.message, assumed: DEFAULT_LFU_SETTINGS },
        'CONFIG GET lfu-* failed: hot-key rates assume lfu-log-factor 10 and lfu-decay-time 1',
      );
    }
    this.lfuOrigin = origin;
    this.lfu = denied ? DEFAULT_LFU_SETTINGS : parseLfuSettings(reply[1]);
  }

  /** Returns true when the reason changed, so each state is logged once. */
  private setReason(reason: HotKeysReason): boolean {
    const changed = this.reason !== reason;
    this.reason = reason;
    return changed;
  }

  /**
   * Scans until the cycle's time budget is spent or a full pass over every db ends (then publishes it). One round
   * trip per batch: `OBJECT FREQ` for the keys the previous SCAN returned, pipelined with the next SCAN.
   */
  private async scan(dbsWithKeys: number[]): Promise<void> {
    const { scanCount, maxCycleMs, topN } = this.ctx!.hotkeys;
    const deadline = Date.now() + maxCycleMs;
    this.pass ??= { dbs: dbsWithKeys, dbIndex: 0, cursor: '0', dbScanned: false, pending: [], top: new TopKeys(topN) };
    const pass = this.pass;
    while (!this.stopped) {
      if (pass.dbIndex >= pass.dbs.length) {
        this.publish(pass.top.entries());
        this.pass = undefined;
        return;
      }
      const db = pass.dbs[pass.dbIndex];
      const keys = pass.pending.slice(0, MAX_FREQ_BATCH);
      const pipeline = this.loop!.conn.pipeline().select(db);
      for (const key of keys) pipeline.call('OBJECT', 'FREQ', key);
      const scanning = !pass.dbScanned && pass.pending.length <= MAX_FREQ_BATCH;
      if (scanning) pipeline.scanBuffer(pass.cursor, 'COUNT', scanCount);
      pipeline.call('TIME');
      const replies = (await pipeline.exec()) ?? [];
      const atMs = serverTimeMs(replies[replies.length - 1]);
      const refusal = keys.length ? replies[1]?.[0] : undefined;
      if (refusal && REFUSED.test(refusal.message)) {
        // Every OBJECT FREQ would fail the same way: stop the pass and say why, once.
        if (this.setReason('object_refused')) {
          this.logger?.warn({ err: refusal.message }, 'OBJECT FREQ refused by the server: server-side hot keys off');
        }
        this.pass = undefined;
        this.publish([]);
        return;
      }
      if (keys.length && this.reason === 'object_refused' && this.setReason('ok')) {
        this.logger?.info('OBJECT FREQ answers again: server-side hot-key scan running');
      }
      keys.forEach((key, i) => {
        const [error, value] = replies[i + 1] ?? [null, null];
        if (!error && value !== null && value !== undefined) pass.top.offer(db, key, Number(value), atMs);
      });
      pass.pending = pass.pending.slice(keys.length);
      if (scanning) {
        const [cursor, found] = resultOf(replies[keys.length + 1]) as [Buffer, Buffer[]];
        pass.cursor = cursor.toString();
        pass.dbScanned = pass.cursor === '0';
        pass.pending.push(...found);
        // Every scanned key teaches the redaction engine which segments are names (shared by k keys).
        for (const key of found) observeKey(key, this.ctx!.redaction);
      }
      if (pass.dbScanned && !pass.pending.length) {
        pass.dbIndex++;
        pass.cursor = '0';
        pass.dbScanned = false;
      }
      if (Date.now() >= deadline) return;
    }
  }

  /** `OBJECT FREQ` for each key with the server time, pipelined in bounded batches; null for a key that is gone. */
  private async objectFreq(db: number, keys: Buffer[]): Promise<({ freq: number; atMs: number } | null)[]> {
    const out: ({ freq: number; atMs: number } | null)[] = [];
    for (let start = 0; start < keys.length; start += MAX_FREQ_BATCH) {
      const pipeline = this.loop!.conn.pipeline().select(db);
      for (const key of keys.slice(start, start + MAX_FREQ_BATCH)) pipeline.call('OBJECT', 'FREQ', key);
      pipeline.call('TIME');
      const replies = (await pipeline.exec()) ?? [];
      const atMs = serverTimeMs(replies[replies.length - 1]);
      for (const [error, value] of replies.slice(1, -1)) {
        out.push(error || value === null || value === undefined ? null : { freq: Number(value), atMs });
      }
    }
    return out;
  }

  /** Re-reads the exported keys every cycle, so a deleted key drops out without waiting for a full pass. */
  private async refreshPublished(): Promise<void> {
    if (!this.published.length) return;
    const kept: Published[] = [];
    for (const db of new Set(this.published.map((e) => e.db))) {
      const entries = this.published.filter((e) => e.db === db);
      const freqs = await this.objectFreq(
        db,
        entries.map((e) => e.key),
      );
      entries.forEach((e, i) => {
        const reading = freqs[i];
        if (reading === null) return;
        e.window.add({ atMs: reading.atMs, counter: reading.freq });
        kept.push({ ...e, ...reading });
      });
    }
    // Swapped only after the last await, so a scrape in between sees the previous list whole.
    this.published = kept.sort((a, b) => b.freq - a.freq);
  }

  private publish(entries: readonly HotKeyEntry[]): void {
    const policy = this.ctx!.redaction;
    // Labels are kept across passes unless the redaction engine learned something since they were rendered.
    const labelsCurrent = this.labelVersion === policy.engine.version;
    this.labelVersion = policy.engine.version;
    const next: Published[] = entries.map((e) => {
      const previous = this.published.find((p) => p.db === e.db && p.key.equals(e.key));
      const window = previous?.window ?? new LfuRateWindow(this.ctx!.hotkeys.rateWindowMs ?? DEFAULT_RATE_WINDOW_MS);
      if (e.atMs) window.add({ atMs: e.atMs, counter: e.freq });
      if (previous && labelsCurrent) return { ...previous, freq: e.freq, atMs: e.atMs, window };
      const rendered = renderKey(e.key, policy);
      return { ...e, label: rendered.label, pattern: rendered.pattern, window };
    });
    this.published = next;
  }
}

/** Milliseconds from a `TIME` reply ([seconds, microseconds]). */
function serverTimeMs(entry: [Error | null, unknown] | undefined): number {
  const [seconds, micros] = resultOf(entry) as [string, string];
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** Unwraps one `[error, value]` pipeline result, throwing its error. */
function resultOf(entry: [Error | null, unknown] | undefined): unknown {
  if (!entry) throw new Error('missing pipeline reply');
  if (entry[0]) throw entry[0];
  return entry[1];
}
