import type { Attributes, Counter, Histogram } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { observeKey, renderKey, DEFAULT_LEARNER_OPTIONS } from '@redis-lens/instrument/redaction';
import { BackgroundLoop } from '../background-loop';
import type { ExporterFeature, FeatureContext } from '../feature';
import { BatchSize, commandStat } from './batch-size';
import type { MetricFamily } from '../producer';
import { SampleWindow, type KeySample, type WindowEstimate } from './estimator';
import { ReadingWindow, cgroupMemoryLimit, growthRate, memoryLimit, timeToFull, type MemoryLimit } from './forecast';
import { luaGrouper, patternGrouper, type KeyGrouper } from './key-groups';
import { memoryFamilies, type SourceState } from './families';
import { DEFAULT_MEMORY_OPTIONS, type MemoryOptions } from './options';
import { MEASURE_SCRIPT, isDetail, parseMeasureReply, type Measured, type MeasuredBatch } from './measure-script';
import { parseKeysizes, parseMemoryStats, parseSlotStats, type KeySizeBin, type MemoryStats } from './server-sources';

/** Every k-th sampled key also gets TYPE, PTTL and an element count. */
const DETAIL_EVERY = 8;
/** The script's Redis time is read (INFO commandstats) this often, to steer the batch size (batch-size.ts). */
const STATS_EVERY_MS = 5_000;
/** Server-side sources are re-read at most this often. */
const SOURCES_EVERY_MS = 15_000;
/** After a refusal (NOPERM, renamed command), sampling is retried this much later. */
const RETRY_REFUSED_MS = 60_000;
const COUNT_COMMAND: Record<string, string> = {
  string: 'STRLEN',
  list: 'LLEN',
  set: 'SCARD',
  zset: 'ZCARD',
  hash: 'HLEN',
  stream: 'XLEN',
};

export interface MemorySamplerOptions {
  /** Extra attributes on the self-metric instruments (cluster mode: `shard`). */
  attributes?: Attributes;
}

interface DbScan {
  db: number;
  cursor: string;
  scanned: boolean;
  /** The last batch, measured but grouped only after the next batch's keys taught the redaction engine. */
  held: Measured[];
  window: SampleWindow<Buffer>;
  startedAt: number;
}

interface Published {
  estimate: WindowEstimate<string>;
  durationMs: number;
}

/** Why a command failed, as a short reason label. */
export function refusalReason(error: unknown): string {
  const text = String((error as { message?: unknown })?.message ?? error);
  if (/^NOPERM/i.test(text)) return 'noperm';
  if (/unknown (sub)?command|unknown command/i.test(text)) return 'unknown_command';
  return 'error';
}

/**
 * Memory by key group: a background sampler on its own connection, bounded per cycle in wall time and in commands
 * per second, walking the keyspace with SCAN and measuring each scanned key with `MEMORY USAGE … SAMPLES n` (a
 * systematic subsample also with TYPE, PTTL and an element count), estimating per group with confidence bands
 * (estimator.ts); plus MEMORY STATS / INFO keysizes / CLUSTER SLOT-STATS where the server has them, and the
 * time-to-full forecast. Never inside a scrape: a scrape reads what the last cycles found.
 */
export function createMemorySamplerFeature(options: MemorySamplerOptions = {}): ExporterFeature {
  return new MemorySampler(options);
}

class MemorySampler implements ExporterFeature {
  readonly name = 'memory-sampler';
  private ctx?: FeatureContext;
  private opts: MemoryOptions = DEFAULT_MEMORY_OPTIONS;
  private logger?: Logger;
  private loop?: BackgroundLoop;
  private started = false;
  private grouper?: KeyGrouper;
  private scans: DbScan[] = [];
  private dbIndex = 0;
  private readonly published = new Map<number, Published>();
  private dbKeys = new Map<number, number>();
  private readings = new ReadingWindow(DEFAULT_MEMORY_OPTIONS.forecastWindowMs);
  private limit?: MemoryLimit;
  private used?: number;
  /**
   * Element counts (STRLEN, LLEN, …) touch a key — its LRU clock or LFU counter — unlike MEMORY USAGE, TYPE and PTTL.
   * Under an LRU/LFU policy that would skew eviction and the LFU counters hot keys are read from, so they are skipped.
   */
  private countsTouchAccessData = false;
  private memoryStats?: MemoryStats;
  private keysizes?: KeySizeBin[];
  private slotStats?: Map<string, number>;
  private readonly sources = new Map<string, SourceState>();
  private lastSourcesAt = 0;
  private databases?: number;
  private refusedUntil = 0;
  private tokens = 0;
  private lastRefill = 0;
  private detailCounter = 0;
  /** The measuring script (measure-script.ts) once loaded; undefined: pipelined commands. */
  private scriptSha?: string;
  private scriptTried = false;
  /** SCAN COUNT per script call, steered by the script's own Redis time. */
  private readonly batch = new BatchSize();
  /** The sampler's script calls and the keys they returned since the last INFO commandstats; that reading. */
  private scriptCalls = 0;
  private scriptKeys = 0;
  private scriptStat?: { calls: number; usec: number };
  private lastStatsAt = 0;
  private lastWindowMs?: number;
  private instruments?: { commands: Counter; cycle: Histogram; exhausted: Counter };
  constructor(private readonly options: MemorySamplerOptions) {}

  async start(ctx: FeatureContext): Promise<void> {
    this.ctx = ctx;
    this.opts = ctx.memory ?? DEFAULT_MEMORY_OPTIONS;
    this.logger = ctx.logger.child({ feature: this.name });
    this.started = true;
    if (!this.opts.enabled || !ctx.redis) return;
    this.readings = new ReadingWindow(this.opts.forecastWindowMs);
    this.grouper = this.opts.keyGroups.length ? luaGrouper(this.opts.keyGroups) : patternGrouper(ctx.redaction);
    const attributes = this.options.attributes ?? {};
    this.instruments = {
      commands: ctx.meter.createCounter('redis_exporter_memory_sampler_commands', {
        description: 'Commands the memory sampler sent (bounded by --memory.max-commands-per-second)',
      }),
      cycle: ctx.meter.createHistogram('redis_exporter_memory_sampler_cycle_seconds', {
        description: 'Exporter wall time per memory sampling cycle (bounded by --memory.max-cycle-ms)',
        unit: 's',
        advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] },
      }),
      exhausted: ctx.meter.createCounter('redis_exporter_memory_sampler_budget_exhausted', {
        description: 'Memory sampling cycles that stopped early because a budget ran out',
      }),
    };
    for (const budget of ['cycle_ms', 'commands_per_second'])
      this.instruments.exhausted.add(0, { ...attributes, budget });
    this.instruments.commands.add(0, attributes);
    ctx.meter
      .createObservableGauge('redis_exporter_memory_sampler_batch_keys', {
        description: 'SCAN COUNT of one memory sampler batch, steered to keep each batch near 250 µs of Redis time',
      })
      .addCallback((r) => r.observe(this.batch.count, attributes));
    ctx.addMetrics(() => this.families());
    this.loop = new BackgroundLoop({
      redis: ctx.redis,
      connectionName: 'redis-lens-memory',
      intervalMs: () => this.opts.intervalMs,
      cycle: () => this.cycle(),
      onConnectionError: (error) => this.logger?.debug({ err: error.message }, 'memory sampler connection error'),
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

  private count(n: number): void {
    this.tokens -= n;
    this.instruments?.commands.add(n, this.options.attributes ?? {});
  }

  private async cycle(): Promise<void> {
    const started = Date.now();
    const now = Date.now();
    // One second's worth of commands at most: a long pause does not buy a burst.
    this.tokens = Math.min(
      this.opts.maxCommandsPerSecond,
      this.tokens + ((now - (this.lastRefill || now - this.opts.intervalMs)) / 1000) * this.opts.maxCommandsPerSecond,
    );
    this.lastRefill = now;
    try {
      await this.loop!.connection();
      await this.readInfo();
      if (Date.now() - this.lastSourcesAt >= SOURCES_EVERY_MS) await this.readSources();
      if (!this.scriptTried) {
        this.scriptTried = true;
        this.scriptSha = await this.loadScript();
      }
      if (Date.now() >= this.refusedUntil) await this.sample(started + this.opts.maxCycleMs);
    } catch (error) {
      if (!this.stopped) this.logger?.debug({ err: (error as Error).message }, 'memory sampling cycle failed');
    } finally {
      this.instruments?.cycle.record((Date.now() - started) / 1000, this.options.attributes ?? {});
    }
  }

  /** used_memory, limits and keys per db: the forecast's input and the estimator's N; now and then the script's cost. */
  private async readInfo(): Promise<void> {
    const pipeline = this.loop!.conn.pipeline().info('memory').info('keyspace');
    const readStats = this.scriptSha !== undefined && Date.now() - this.lastStatsAt >= STATS_EVERY_MS;
    if (readStats) pipeline.info('commandstats');
    const replies = (await pipeline.exec()) ?? [];
    this.count(readStats ? 3 : 2);
    if (readStats) {
      this.lastStatsAt = Date.now();
      const [statsErr, statsText] = replies[2] ?? [new Error('no reply'), null];
      this.steerBatch(statsErr ? undefined : commandStat(String(statsText), 'evalsha_ro'));
    }
    const [memErr, memText] = replies[0] ?? [new Error('no reply'), null];
    if (memErr) throw memErr;
    const fields = new Map<string, string>();
    for (const line of String(memText).split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1).trim());
    }
    this.countsTouchAccessData = /lru|lfu/.test(fields.get('maxmemory_policy') ?? '');
    const used = Number(fields.get('used_memory'));
    if (Number.isFinite(used)) {
      this.used = used;
      this.readings.add({ atMs: Date.now(), usedBytes: used });
    }
    const numberOf = (f: string) => {
      const n = Number(fields.get(f));
      return Number.isFinite(n) ? n : undefined;
    };
    this.limit = memoryLimit(
      numberOf('maxmemory'),
      numberOf('total_system_memory'),
      this.isLocalTarget() ? cgroupMemoryLimit() : undefined,
    );
    const keys = new Map<number, number>();
    const [ksErr, ksText] = replies[1] ?? [new Error('no reply'), null];
    if (!ksErr) {
      for (const line of String(ksText).split(/\r?\n/)) {
        const m = /^db(\d{1,5}):keys=(\d+)/.exec(line);
        if (m && Number(m[2]) > 0) keys.set(Number(m[1]), Number(m[2]));
      }
    }
    this.dbKeys = keys;
  }

  /**
   * Redis's time for the sampler's script calls since the last reading (INFO commandstats deltas) → the next batches'
   * SCAN COUNT. Only when every EVALSHA_RO in between was the sampler's: another client's scripts would be mixed in.
   */
  private steerBatch(stat: { calls: number; usec: number } | undefined): void {
    const previous = this.scriptStat;
    const calls = this.scriptCalls;
    const keys = this.scriptKeys;
    this.scriptStat = stat;
    this.scriptCalls = 0;
    this.scriptKeys = 0;
    if (!previous || !stat || calls === 0 || stat.calls - previous.calls !== calls) return;
    this.batch.observe(stat.usec - previous.usec, keys);
  }

  private isLocalTarget(): boolean {
    const host = this.ctx?.redis?.host;
    return Boolean(this.ctx?.redis?.path) || host === '127.0.0.1' || host === 'localhost' || host === '::1';
  }

  /** MEMORY STATS, INFO keysizes, CLUSTER SLOT-STATS: each may be absent, refused or renamed; each said once. */
  private async readSources(): Promise<void> {
    this.lastSourcesAt = Date.now();
    const replies =
      (await this.loop!.conn.pipeline()
        .call('MEMORY', 'STATS')
        .call('INFO', 'keysizes')
        .call('CLUSTER', 'SLOT-STATS', 'SLOTSRANGE', '0', '16383')
        .call('CONFIG', 'GET', 'databases')
        .exec()) ?? [];
    this.count(4);
    // redis_exporter reports every configured db (0 groups for an empty one); CONFIG may be refused or renamed.
    const [dbErr, dbReply] = replies[3] ?? [new Error('no reply'), null];
    const databases = !dbErr && Array.isArray(dbReply) ? Number(dbReply[1]) : NaN;
    this.databases = Number.isSafeInteger(databases) && databases > 0 && databases <= 1024 ? databases : undefined;
    const [statsErr, stats] = replies[0] ?? [new Error('no reply'), null];
    if (statsErr) {
      this.memoryStats = undefined;
      this.setSource('memory_stats', false, refusalReason(statsErr), statsErr.message);
    } else {
      this.memoryStats = parseMemoryStats(stats);
      this.setSource('memory_stats', true, 'ok');
    }
    const [ksErr, ksText] = replies[1] ?? [new Error('no reply'), null];
    const bins = ksErr ? undefined : parseKeysizes(String(ksText));
    this.keysizes = bins;
    if (ksErr) this.setSource('keysizes', false, refusalReason(ksErr), ksErr.message);
    else this.setSource('keysizes', Boolean(bins), bins ? 'ok' : 'not_supported', 'INFO keysizes needs Redis 8.0');
    const [slotErr, slots] = replies[2] ?? [new Error('no reply'), null];
    if (slotErr) {
      this.slotStats = undefined;
      const reason = /cluster support disabled/i.test(slotErr.message)
        ? 'not_cluster'
        : /unknown subcommand/i.test(slotErr.message)
          ? 'not_supported'
          : refusalReason(slotErr);
      this.setSource('slot_stats', false, reason, slotErr.message);
    } else {
      this.slotStats = parseSlotStats(slots);
      this.setSource('slot_stats', true, 'ok');
    }
  }

  /** Records a source's state and logs only when it changes, so "absent on this server" is said once. */
  private setSource(source: string, available: boolean, reason: string, detail?: string): void {
    const previous = this.sources.get(source);
    this.sources.set(source, { available, reason });
    if (previous?.reason === reason) return;
    const fields = { source, reason, detail: detail?.split('\n')[0].slice(0, 200) };
    if (available) this.logger?.info(fields, 'memory source available');
    else this.logger?.info(fields, 'memory source not available on this server; carrying on without it');
  }

  /** SCAN + MEMORY USAGE (+ TYPE/PTTL/count on every DETAIL_EVERY-th key) until the time or command budget ends. */
  private async sample(deadline: number): Promise<void> {
    const dbs = [...this.dbKeys.keys()].sort((a, b) => a - b);
    // Dbs that emptied drop out; new ones join.
    this.scans = this.scans.filter((s) => this.dbKeys.has(s.db));
    for (const db of dbs) if (!this.scans.some((s) => s.db === db)) this.scans.push(this.newScan(db));
    for (const db of this.published.keys()) if (!this.dbKeys.has(db)) this.published.delete(db);
    this.scans.sort((a, b) => a.db - b.db);
    if (!this.scans.length) {
      this.setSource('sampler', true, 'ok');
      return;
    }
    // Dbs whose SCAN pass ended in this cycle: a small keyspace is walked once per cycle (its estimate is then exact),
    // not again and again until the cycle's budget runs out.
    const passed = new Set<number>();
    while (!this.stopped && passed.size < this.scans.length) {
      if (Date.now() >= deadline) {
        this.instruments?.exhausted.add(1, { ...this.options.attributes, budget: 'cycle_ms' });
        return;
      }
      // A batch costs SELECT + EVALSHA_RO + SCAN + keys × (MEMORY USAGE + 3 detail commands / DETAIL_EVERY).
      const keysAffordable = Math.floor((this.tokens - 3) / (1 + 3 / DETAIL_EVERY));
      if (keysAffordable < 1) {
        this.instruments?.exhausted.add(1, { ...this.options.attributes, budget: 'commands_per_second' });
        return;
      }
      this.dbIndex %= this.scans.length;
      const scan = this.scans[this.dbIndex];
      if (passed.has(scan.db)) {
        this.dbIndex++;
        continue;
      }
      const ok = await this.step(scan, Math.min(this.batch.count, keysAffordable));
      if (!ok) return;
      if (scan.scanned) {
        this.finishWindow(scan);
        passed.add(scan.db);
      } else if (scan.window.n >= this.opts.windowKeys) this.finishWindow(scan, true);
    }
  }

  private newScan(db: number, cursor = '0'): DbScan {
    return {
      db,
      cursor,
      scanned: false,
      held: [],
      window: new SampleWindow<Buffer>(this.opts.maxDistinctKeyGroups * 4),
      startedAt: Date.now(),
    };
  }

  /** Publishes the window and starts the next (continuing the SCAN where it is when the window was cut by size). */
  private finishWindow(scan: DbScan, continuing = false): void {
    const durationMs = Date.now() - scan.startedAt;
    this.published.set(scan.db, { estimate: this.estimateOf(scan), durationMs });
    this.lastWindowMs = durationMs;
    const next = this.newScan(scan.db, continuing ? scan.cursor : '0');
    if (continuing) next.held = scan.held;
    this.scans[this.scans.indexOf(scan)] = next;
    this.dbIndex++;
  }

  /** Scales a window and renders its biggest keys through the redaction module (`pattern#hash`). */
  private estimateOf(scan: DbScan): WindowEstimate<string> {
    const policy = this.ctx!.redaction;
    const minKeys =
      this.opts.keyGroups.length && !policy.allowRawKeys
        ? (policy.learner.minKeys ?? DEFAULT_LEARNER_OPTIONS.minKeys)
        : 0;
    const estimate = scan.window.estimate(
      this.dbKeys.get(scan.db) ?? scan.window.n,
      this.opts.maxDistinctKeyGroups,
      minKeys,
    );
    return {
      ...estimate,
      groups: estimate.groups.map((g) => ({
        ...g,
        biggest: g.biggest.map((b) => ({ key: renderKey(b.key, policy).label, bytes: b.bytes })),
      })),
    };
  }

  /** One batch on one db: returns false when the sampler must stop for this cycle (refused, connection gone). */
  private async step(scan: DbScan, count: number): Promise<boolean> {
    const batch = this.scriptSha ? await this.scriptBatch(scan, count) : await this.pipelineBatch(scan, count);
    if (batch === false) return false;
    if (batch === 'again') return true;
    scan.cursor = batch.cursor;
    scan.scanned = batch.cursor === '0';
    // Every scanned key teaches the redaction engine which segments are names, and a batch is grouped one batch
    // later: by then the engine has seen at least one batch beyond it (at the end of a pass, everything is grouped).
    for (const key of batch.keys) observeKey(key, this.ctx!.redaction);
    const grouped = scan.scanned ? [...scan.held, ...batch.measured] : scan.held;
    scan.held = scan.scanned ? [] : batch.measured;
    for (const m of grouped) {
      const sample: KeySample<Buffer> = { group: this.grouper!(m.key), bytes: m.bytes, key: m.key };
      if (m.type !== undefined && m.ttl !== undefined) {
        sample.detail = { ttlMs: m.ttl, type: m.type, elements: m.elements };
      }
      scan.window.add(sample);
    }
    this.setSource('sampler', true, 'ok');
    return true;
  }

  /** The batch in one script call (measure-script.ts); false: refused; 'again': the script was lost or refused. */
  private async scriptBatch(scan: DbScan, count: number): Promise<MeasuredBatch | false | 'again'> {
    const phase = this.detailCounter % DETAIL_EVERY;
    const replies =
      (await this.loop!.conn.pipeline()
        .select(scan.db)
        .callBuffer(
          'EVALSHA_RO',
          this.scriptSha!,
          '0',
          scan.cursor,
          String(count),
          String(this.opts.samples),
          String(phase),
          String(DETAIL_EVERY),
          this.countsTouchAccessData ? '0' : '1',
        )
        .exec()) ?? [];
    const selectErr = replies[0]?.[0];
    if (selectErr) {
      this.count(1);
      return this.refused('sampler', selectErr);
    }
    const [err, reply] = replies[1] ?? [new Error('no reply'), null];
    if (err) {
      this.count(2);
      // NOSCRIPT after a SCRIPT FLUSH or restart: load it again; anything else: pipelines from now on.
      if (/^NOSCRIPT/.test(err.message)) this.scriptSha = await this.loadScript();
      else this.scriptRefused(err);
      return 'again';
    }
    const batch = parseMeasureReply(reply, phase, DETAIL_EVERY);
    this.detailCounter += batch.keys.length;
    const details = batch.keys.filter((_, i) => isDetail(phase, i, DETAIL_EVERY)).length;
    // Counted as Redis executes them, script or not: the budget bounds the server's work either way.
    this.count(3 + batch.keys.length + 3 * details);
    this.scriptCalls++;
    this.scriptKeys += batch.keys.length;
    return batch;
  }

  /** Where scripts are refused: SCAN, then the same commands pipelined (two round trips, three with counts). */
  private async pipelineBatch(scan: DbScan, count: number): Promise<MeasuredBatch | false> {
    const conn = this.loop!.conn;
    const replies = (await conn.pipeline().select(scan.db).scanBuffer(scan.cursor, 'COUNT', count).exec()) ?? [];
    this.count(2);
    for (const [err] of replies) if (err) return this.refused('sampler', err);
    const [cursor, keys] = replies[1][1] as [Buffer, Buffer[]];
    const phase = this.detailCounter % DETAIL_EVERY;
    this.detailCounter += keys.length;
    const detail = keys.map((_, i) => isDetail(phase, i, DETAIL_EVERY));
    const pipeline = conn.pipeline();
    for (let k = 0; k < keys.length; k++) {
      pipeline.call('MEMORY', 'USAGE', keys[k], 'SAMPLES', String(this.opts.samples));
      if (detail[k]) pipeline.type(keys[k]).pttl(keys[k]);
    }
    const measuredReplies = keys.length ? ((await pipeline.exec()) ?? []) : [];
    this.count(keys.length + 2 * detail.filter(Boolean).length);
    const measured: Measured[] = [];
    let i = 0;
    for (let k = 0; k < keys.length; k++) {
      const [err, usage] = measuredReplies[i++] ?? [new Error('no reply'), null];
      if (err) return this.refused('sampler', err);
      const m: Measured = { key: keys[k], bytes: Number(usage) };
      if (detail[k]) {
        const [typeErr, type] = measuredReplies[i++] ?? [new Error('no reply'), null];
        const [ttlErr, ttl] = measuredReplies[i++] ?? [new Error('no reply'), null];
        if (!typeErr && !ttlErr) {
          m.type = String(type);
          m.ttl = Number(ttl);
        }
      }
      // A nil reply: the key expired or was deleted since SCAN returned it.
      if (usage !== null && usage !== undefined && Number.isFinite(m.bytes)) measured.push(m);
    }
    await this.countElements(scan.db, measured);
    return { cursor: cursor.toString(), keys, measured };
  }

  /** Pipeline path: element counts for the detail keys need their type first, so a second round trip. */
  private async countElements(db: number, measured: Measured[]): Promise<void> {
    const counted = measured.filter((m) => m.type && COUNT_COMMAND[m.type]);
    if (!counted.length || this.countsTouchAccessData) return;
    const pipeline = this.loop!.conn.pipeline().select(db);
    for (const m of counted) pipeline.call(COUNT_COMMAND[m.type!], m.key);
    const replies = (await pipeline.exec()) ?? [];
    this.count(1 + counted.length);
    counted.forEach((m, j) => {
      const [err, value] = replies[j + 1] ?? [new Error('no reply'), null];
      if (!err && Number.isFinite(Number(value))) m.elements = Number(value);
    });
  }

  /** SCRIPT LOAD of the measuring script; undefined (pipelines) when scripts are refused. */
  private async loadScript(): Promise<string | undefined> {
    try {
      const sha = String(await this.loop!.conn.call('SCRIPT', 'LOAD', MEASURE_SCRIPT));
      this.count(1);
      return sha;
    } catch (error) {
      this.scriptRefused(error as Error);
      return undefined;
    }
  }

  private scriptRefused(error: Error): void {
    this.scriptSha = undefined;
    this.scriptTried = true;
    this.logger?.info(
      { reason: refusalReason(error), detail: error.message.split('\n')[0].slice(0, 200) },
      'memory sampler: scripts refused, measuring with pipelined commands instead',
    );
  }

  private refused(source: string, error: Error): false {
    const reason = refusalReason(error);
    if (reason === 'error' && /Connection|ECONN|Stream/i.test(error.message)) throw error;
    this.setSource(source, false, reason === 'error' ? 'error' : `${reason}`, error.message);
    this.refusedUntil = Date.now() + RETRY_REFUSED_MS;
    // The window restarts: part of it may have been measured under other rights.
    this.scans = [];
    return false;
  }

  private families(): MetricFamily[] {
    const slope = growthRate(this.readings.all());
    const estimates = new Map<number, { estimate: WindowEstimate<string>; durationMs?: number }>();
    for (const [db, p] of this.published) estimates.set(db, p);
    // Until a db's first window completes, its running window is shown (with its coverage so far).
    for (const scan of this.scans) {
      if (!estimates.has(scan.db) && scan.window.n > 0) estimates.set(scan.db, { estimate: this.estimateOf(scan) });
    }
    return memoryFamilies({
      estimates,
      databases: this.databases,
      lastWindowMs: this.lastWindowMs,
      sources: this.sources,
      used: this.used,
      limit: this.limit,
      slope,
      timeToFull: this.used !== undefined && this.limit ? timeToFull(this.used, this.limit.bytes, slope) : undefined,
      memoryStats: this.memoryStats,
      keysizes: this.keysizes,
      slotStats: this.slotStats,
    });
  }
}
