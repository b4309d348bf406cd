/**
 * Sentinel pub/sub events (pure, no I/O): a parser for the messages Sentinel publishes on channels named after
 * each event, and a per-master failover state machine that collapses the copies every Sentinel publishes into
 * one failover record. Payload formats follow Sentinel's `sentinelEvent()`:
 *   `<instance-type> <name> <ip> <port> @ <master-name> <master-ip> <master-port>` (or without the `@` part for a
 *   master), `+switch-master <name> <oldip> <oldport> <newip> <newport>`, `+new-epoch <epoch>`,
 *   `+vote-for-leader <runid> <epoch>`, `+tilt #tilt mode entered`.
 */

export type InstanceType = 'master' | 'slave' | 'sentinel';

export interface SentinelEvent {
  /** The channel, e.g. `+odown`. */
  event: string;
  payload: string;
  masterName?: string;
  instanceType?: InstanceType;
  /** `ip:port` of the instance the event is about. */
  instanceAddress?: string;
  /** `ip:port` of the master the instance belongs to. */
  masterAddress?: string;
  /** `+switch-master` only. */
  oldAddress?: string;
  newAddress?: string;
}

export interface RawEvent {
  event: string;
  payload: string;
  /** Unix ms when the event arrived. */
  at: number;
  /** Which Sentinel delivered it (`ip:port`), when known. */
  source: string;
}

export type FailoverResult = 'success' | 'aborted';

export interface FailoverStage {
  stage: string;
  at: number;
}

export interface FailoverRecord {
  masterName: string;
  /** Unix ms of the first event of the failover; null when only `+switch-master` was seen. */
  startedAt: number | null;
  endedAt: number;
  /** Seconds from start to `+switch-master` (or abort); null when the start was not seen. */
  durationSeconds: number | null;
  result: FailoverResult;
  oldAddress?: string;
  newAddress?: string;
  /** The abort event (`-failover-abort-*`) or `timeout`. */
  abortReason?: string;
  /** Canonical stages with the first time any Sentinel reported them, in time order. */
  stages: FailoverStage[];
  /** Every de-duplicated event that belongs to the failover, in arrival order. */
  events: RawEvent[];
}

export interface IngestResult {
  /** The parsed event; null for garbage (ignored). */
  event: SentinelEvent | null;
  /** True when another Sentinel already published the same event within the de-dup window. */
  duplicate: boolean;
  completed: FailoverRecord[];
  /** Set when this event announced a new master (`+switch-master`, not a stale copy). */
  switchedMaster?: { masterName: string; address: string };
}

export interface FailoverTrackerOptions {
  /** Copies of one event from several Sentinels within this window count once. */
  dedupWindowMs?: number;
  /** A failover with no event for this long ends as `aborted` (reason `timeout`), or is dropped if it never started. */
  staleFailoverMs?: number;
  /** Bounds memory per failover. */
  maxEventsPerFailover?: number;
  /** Bounds the number of masters tracked at once. */
  maxMasters?: number;
}

/** Canonical stages in the order a failover runs them (the `+` dropped). */
export const FAILOVER_STAGES = [
  'odown',
  'try-failover',
  'elected-leader',
  'selected-slave',
  'promoted-slave',
  'failover-end',
  'switch-master',
] as const;

const STAGE_EVENTS = new Set(FAILOVER_STAGES.filter((s) => s !== 'switch-master').map((s) => `+${s}`));
/** Events that only happen while a failover runs; they may arrive before `+odown`/`+try-failover` from another Sentinel. */
const IN_FAILOVER_EVENTS = new Set([
  '+try-failover',
  '+elected-leader',
  '+failover-state-select-slave',
  '+selected-slave',
  '+failover-state-send-slaveof-noone',
  '+failover-state-wait-promotion',
  '+promoted-slave',
  '+failover-state-reconf-slaves',
  '+slave-reconf-sent',
  '+slave-reconf-inprog',
  '+slave-reconf-done',
  '+failover-end',
  '+failover-end-for-timeout',
]);
/** Events without a master name that belong to whatever failover is running (or about to start). */
const UNATTRIBUTED_EVENTS = new Set(['+new-epoch', '+vote-for-leader', '+tilt', '-tilt']);
/** How far back a `+new-epoch` is taken as the start of the failover that follows it (SENTINEL FAILOVER). */
const EPOCH_LOOKBACK_MS = 1_000;

const CHANNEL = /^[+-][a-z][a-z0-9-]{0,63}$/;
const MAX_PAYLOAD = 4096;
const MAX_TOKEN = 255;

function validPort(text: string | undefined): boolean {
  if (!text || !/^\d{1,5}$/.test(text)) return false;
  const n = Number(text);
  return n >= 0 && n <= 65535;
}

function validHost(text: string | undefined): text is string {
  return Boolean(text) && text!.length <= MAX_TOKEN && !/[\s\u0000-\u001f]/.test(text!);
}

function address(ip: string | undefined, port: string | undefined): string | undefined {
  return validHost(ip) && validPort(port) ? `${ip}:${port}` : undefined;
}

/** Parses one message; null when the channel is not a Sentinel event (e.g. `__sentinel__:hello`) or is malformed. */
export function parseSentinelMessage(channel: unknown, payload: unknown): SentinelEvent | null {
  const event = typeof channel === 'string' ? channel : Buffer.isBuffer(channel) ? channel.toString('utf8') : null;
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (event === null || text === null || !CHANNEL.test(event) || text.length > MAX_PAYLOAD) return null;
  const tokens = text.split(' ').filter(Boolean);
  const out: SentinelEvent = { event, payload: text };

  if (event === '+switch-master') {
    const [name, oldIp, oldPort, newIp, newPort] = tokens;
    const oldAddress = address(oldIp, oldPort);
    const newAddress = address(newIp, newPort);
    if (tokens.length !== 5 || !validHost(name) || !oldAddress || !newAddress) return null;
    return { ...out, masterName: name, oldAddress, newAddress, masterAddress: oldAddress };
  }

  const [type, name, ip, port, at, masterName, masterIp, masterPort] = tokens;
  if ((type === 'master' || type === 'slave' || type === 'sentinel') && validHost(name)) {
    const instanceAddress = address(ip, port);
    if (!instanceAddress) return out;
    out.instanceType = type;
    out.instanceAddress = instanceAddress;
    if (at === '@') {
      const masterAddress = address(masterIp, masterPort);
      if (!validHost(masterName) || !masterAddress) return { event, payload: text };
      out.masterName = masterName;
      out.masterAddress = masterAddress;
    } else if (type === 'master') {
      out.masterName = name;
      out.masterAddress = instanceAddress;
    }
  }
  return out;
}

interface ActiveFailover {
  masterName: string;
  lastAt: number;
  stages: Map<string, number>;
  events: RawEvent[];
  oldAddress?: string;
  newAddress?: string;
  /** Sentinels that tried or lead this failover; it is aborted only when all of them gave up. */
  trying: Set<string>;
  leaders: Set<string>;
  /** False while only `+odown` was seen: the master may come back without a failover. */
  attempted: boolean;
  abortReason?: string;
  extraStart?: number;
}

interface Completed {
  oldAddress?: string;
  newAddress?: string;
  endedAt: number;
}

/**
 * One state machine for every master. Feed it every message from every Sentinel (`ingest`) and call `tick` now
 * and then; completed failovers come out of both. Never throws on input.
 */
export class FailoverTracker {
  private readonly dedupWindowMs: number;
  private readonly staleFailoverMs: number;
  private readonly maxEvents: number;
  private readonly maxMasters: number;
  private readonly seen = new Map<string, number>();
  private readonly active = new Map<string, ActiveFailover>();
  private readonly completed = new Map<string, Completed>();
  private readonly masters = new Map<string, string>();
  private unattributed: RawEvent[] = [];

  constructor(options: FailoverTrackerOptions = {}) {
    this.dedupWindowMs = options.dedupWindowMs ?? 30_000;
    this.staleFailoverMs = options.staleFailoverMs ?? 120_000;
    this.maxEvents = options.maxEventsPerFailover ?? 500;
    this.maxMasters = options.maxMasters ?? 1_000;
  }

  /** The master address as last announced or seeded. */
  currentMaster(masterName: string): string | undefined {
    return this.masters.get(masterName);
  }

  /** Seeds the master from `SENTINEL GET-MASTER-ADDR-BY-NAME` (no failover is implied). */
  setMaster(masterName: string, address: string): void {
    if (this.masters.size < this.maxMasters || this.masters.has(masterName)) this.masters.set(masterName, address);
  }

  inProgress(masterName: string): boolean {
    return this.active.get(masterName)?.attempted ?? false;
  }

  ingest(channel: unknown, payload: unknown, at: number = Date.now(), source = 'unknown'): IngestResult {
    const parsed = parseSentinelMessage(channel, payload);
    if (!parsed) return { event: null, duplicate: false, completed: [] };
    const duplicate = this.isDuplicate(parsed, at);
    const raw: RawEvent = { event: parsed.event, payload: parsed.payload, at, source };
    const result: IngestResult = { event: parsed, duplicate, completed: [] };
    try {
      this.apply(parsed, raw, duplicate, result);
    } catch {
      // A bug here must not stop tracking: the event is counted, the state machine skips it.
    }
    return result;
  }

  /** Ends failovers that went quiet and forgets old de-dup entries. */
  tick(now: number = Date.now()): FailoverRecord[] {
    const out: FailoverRecord[] = [];
    for (const [name, failover] of this.active) {
      if (now - failover.lastAt < this.staleFailoverMs) continue;
      this.active.delete(name);
      if (failover.attempted) {
        failover.abortReason ??= 'timeout';
        out.push(this.finish(failover, 'aborted', failover.lastAt));
      }
    }
    for (const [key, at] of this.seen) if (now - at > this.dedupWindowMs) this.seen.delete(key);
    for (const [name, done] of this.completed) if (now - done.endedAt > this.dedupWindowMs) this.completed.delete(name);
    this.unattributed = this.unattributed.filter((e) => now - e.at <= EPOCH_LOOKBACK_MS);
    return out;
  }

  private isDuplicate(event: SentinelEvent, at: number): boolean {
    // `#quorum 2/3` and similar trailers differ between Sentinels; the instance part identifies the event.
    const key = `${event.event} ${event.payload.replace(/ #.*$/, '')}`;
    const last = this.seen.get(key);
    if (this.seen.size > 10_000) this.tick(at);
    this.seen.set(key, last === undefined ? at : Math.max(last, at));
    return last !== undefined && Math.abs(at - last) <= this.dedupWindowMs;
  }

  private apply(event: SentinelEvent, raw: RawEvent, duplicate: boolean, result: IngestResult): void {
    if (UNATTRIBUTED_EVENTS.has(event.event)) {
      if (duplicate) return;
      for (const failover of this.active.values()) this.record(failover, raw);
      this.unattributed.push(raw);
      if (this.unattributed.length > 20) this.unattributed.shift();
      return;
    }
    const name = event.masterName;
    if (!name) return;

    if (event.event === '+switch-master') {
      if (duplicate || this.isStaleSwitch(name, event)) return;
      result.switchedMaster = { masterName: name, address: event.newAddress! };
      this.setMaster(name, event.newAddress!);
      const failover = this.active.get(name) ?? this.begin(name, raw.at);
      if (!failover) return;
      this.record(failover, raw);
      this.mark(failover, 'switch-master', raw.at);
      failover.oldAddress = event.oldAddress;
      failover.newAddress = event.newAddress;
      this.active.delete(name);
      const record = this.finish(failover, 'success', raw.at);
      this.completed.set(name, { oldAddress: event.oldAddress, newAddress: event.newAddress, endedAt: raw.at });
      result.completed.push(record);
      return;
    }

    if (this.isLateCopy(name, event, raw.at)) return;
    let failover = this.active.get(name);
    const startsFailover =
      IN_FAILOVER_EVENTS.has(event.event) || (event.event === '+odown' && event.instanceType === 'master');
    if (!failover) {
      if (!startsFailover) return;
      failover = this.begin(name, raw.at);
      if (!failover) return;
    }

    if (!duplicate) this.record(failover, raw);
    if (STAGE_EVENTS.has(event.event)) {
      if (event.event !== '+odown' || event.instanceType === 'master')
        this.mark(failover, event.event.slice(1), raw.at);
    }
    if (event.instanceType === 'master' && event.instanceAddress) failover.oldAddress ??= event.instanceAddress;
    if (event.event === '+selected-slave' || event.event === '+promoted-slave') {
      failover.newAddress = event.instanceAddress;
    }

    switch (event.event) {
      case '-odown':
        // The master came back before any Sentinel tried to fail it over: not a failover.
        if (event.instanceType === 'master' && !failover.attempted) this.active.delete(name);
        break;
      case '+try-failover':
        failover.attempted = true;
        failover.trying.add(raw.source);
        break;
      case '+elected-leader':
        failover.attempted = true;
        failover.leaders.add(raw.source);
        break;
      default:
        if (IN_FAILOVER_EVENTS.has(event.event)) failover.attempted = true;
        if (event.event.startsWith('-failover-abort')) {
          failover.abortReason = event.event;
          failover.trying.delete(raw.source);
          failover.leaders.delete(raw.source);
          // Another Sentinel may still be running the same failover; only the last one giving up aborts it.
          if (failover.attempted && failover.trying.size === 0 && failover.leaders.size === 0) {
            this.mark(failover, 'failover-abort', raw.at);
            this.active.delete(name);
            result.completed.push(this.finish(failover, 'aborted', raw.at));
          }
        }
    }
  }

  /** A `+switch-master` copy from a Sentinel that learned the change late (outside the de-dup window). */
  private isStaleSwitch(name: string, event: SentinelEvent): boolean {
    const done = this.completed.get(name);
    return done !== undefined && done.oldAddress === event.oldAddress && done.newAddress === event.newAddress;
  }

  /** Events about the old master that arrive after its failover completed belong to that failover, not a new one. */
  private isLateCopy(name: string, event: SentinelEvent, at: number): boolean {
    const done = this.completed.get(name);
    if (!done || at - done.endedAt > this.dedupWindowMs || this.active.has(name)) return false;
    if (event.event.startsWith('-failover-abort')) return true;
    return event.masterAddress === done.oldAddress && (IN_FAILOVER_EVENTS.has(event.event) || event.event === '+odown');
  }

  private begin(name: string, at: number): ActiveFailover | undefined {
    if (this.active.size >= this.maxMasters) return undefined;
    const failover: ActiveFailover = {
      masterName: name,
      lastAt: at,
      stages: new Map(),
      events: [],
      trying: new Set(),
      leaders: new Set(),
      attempted: false,
    };
    // SENTINEL FAILOVER (no +odown) announces the new epoch just before +try-failover.
    for (const earlier of this.unattributed) {
      if (earlier.event === '+new-epoch' && at - earlier.at <= EPOCH_LOOKBACK_MS && earlier.at <= at) {
        failover.extraStart = Math.min(failover.extraStart ?? earlier.at, earlier.at);
        this.record(failover, earlier);
      }
    }
    this.active.set(name, failover);
    return failover;
  }

  private record(failover: ActiveFailover, raw: RawEvent): void {
    failover.lastAt = Math.max(failover.lastAt, raw.at);
    if (failover.events.length < this.maxEvents) failover.events.push(raw);
  }

  private mark(failover: ActiveFailover, stage: string, at: number): void {
    const earlier = failover.stages.get(stage);
    failover.stages.set(stage, earlier === undefined ? at : Math.min(earlier, at));
  }

  private finish(failover: ActiveFailover, result: FailoverResult, endedAt: number): FailoverRecord {
    const stages = [...failover.stages].map(([stage, at]) => ({ stage, at })).sort((a, b) => a.at - b.at);
    const startCandidates = stages.filter((s) => s.stage !== 'switch-master' && s.stage !== 'failover-abort');
    const starts = startCandidates.map((s) => s.at);
    if (failover.extraStart !== undefined) starts.push(failover.extraStart);
    const startedAt = starts.length ? Math.min(...starts) : null;
    return {
      masterName: failover.masterName,
      startedAt,
      endedAt,
      durationSeconds: startedAt === null ? null : Math.max(0, endedAt - startedAt) / 1000,
      result,
      oldAddress: failover.oldAddress,
      newAddress: result === 'success' ? failover.newAddress : undefined,
      abortReason: result === 'aborted' ? failover.abortReason : undefined,
      stages,
      events: [...failover.events].sort((a, b) => a.at - b.at),
    };
  }
}
