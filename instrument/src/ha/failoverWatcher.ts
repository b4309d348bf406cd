import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import { backoffDelay, sentinelConnectionOptions, type ResolvedOptions } from './options';
import { parseSwitchMaster, type SwitchMaster } from './switchMaster';

const CHANNEL = '+switch-master';

/**
 * One long-lived `+switch-master` subscription per Sentinel, shared by the master and replica connections.
 * ioredis's own `failoverDetector` re-creates its Sentinel subscriptions on every reconnect and gives no hook to
 * time the failover; this watcher stays subscribed across failovers and tells us *when* the switch was announced.
 * Every Sentinel publishes its own copy, so identical consecutive announcements count once.
 * Emits `switch` (SwitchMaster, announcedAtMs).
 */
export class FailoverWatcher extends EventEmitter {
  private readonly subscribers: Redis[];
  private lastAnnouncement = '';
  readonly ready: Promise<void>;

  constructor(opts: ResolvedOptions) {
    super();
    this.subscribers = (opts.sentinels ?? []).map(
      ({ host, port }) =>
        new Redis({
          ...sentinelConnectionOptions(opts, host, port),
          retryStrategy: (attempt) => backoffDelay(attempt, opts.maxBackoffMs),
          maxRetriesPerRequest: null,
        }),
    );
    for (const subscriber of this.subscribers) {
      // A Sentinel being down is normal during an incident; the others still announce the switch.
      subscriber.on('error', () => undefined);
      subscriber.on('message', (channel: string, message: string) => {
        if (channel === CHANNEL) this.onAnnouncement(message, opts.name ?? '');
      });
    }
    // Ready once at least one Sentinel confirmed the subscription (or all refused).
    this.ready = Promise.any(this.subscribers.map((s) => s.subscribe(CHANNEL))).then(
      () => undefined,
      () => undefined,
    );
  }

  private onAnnouncement(message: string, masterName: string): void {
    const announcedAt = Date.now();
    const parsed: SwitchMaster | undefined = parseSwitchMaster(message);
    if (!parsed || parsed.masterName !== masterName || message === this.lastAnnouncement) return;
    this.lastAnnouncement = message;
    this.emit('switch', parsed, announcedAt);
  }

  stop(): void {
    for (const subscriber of this.subscribers) subscriber.disconnect();
  }
}
