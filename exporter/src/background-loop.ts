import Redis, { type RedisOptions } from 'ioredis';

export interface BackgroundLoopOptions {
  /** The target; the loop adds its own connection settings. */
  redis: RedisOptions;
  /** `CLIENT SETNAME`, so an operator can tell the exporter's background work in `CLIENT LIST`. */
  connectionName: string;
  /** Pause after each cycle; read after every cycle, so a feature can take it from its current settings. */
  intervalMs: () => number;
  /** One cycle; it handles its own errors (a rejection is dropped: the next cycle runs all the same). */
  cycle: () => Promise<void>;
  /** Connection errors: ioredis emits them on every failed reconnect, so callers log them quietly. */
  onConnectionError?: (error: Error) => void;
}

/**
 * The scaffold of a background feature (memory sampler, server-side hot keys): its own connection, so its commands
 * never queue behind a scrape's and a slow batch never delays one; reconnecting with backoff until stopped, one
 * command retry at most (a cycle is retried by the next one anyway); and cycles that never overlap, each scheduled
 * after the previous one ends, on an unref'd timer so the loop never holds the process open.
 */
export class BackgroundLoop {
  readonly conn: Redis;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(private readonly options: BackgroundLoopOptions) {
    this.conn = new Redis({
      ...options.redis,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectionName: options.connectionName,
      disconnectTimeout: 500,
      retryStrategy: (attempt) => (this.stopping ? null : Math.min(100 * 2 ** Math.min(attempt, 10), 5_000)),
    });
    this.conn.on('error', (error: Error) => options.onConnectionError?.(error));
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /** The first cycle runs after `delayMs`. */
  start(delayMs = 0): void {
    this.schedule(delayMs);
  }

  /** The connection, connected on first use (lazily, so a feature that never cycles never connects). */
  async connection(): Promise<Redis> {
    if (this.conn.status === 'wait') await this.conn.connect();
    return this.conn;
  }

  /** No cycle starts after this; waits for a running one to end, then closes the connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    this.conn.disconnect();
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.options
        .cycle()
        .catch(() => undefined)
        .finally(() => this.schedule(this.options.intervalMs()));
    }, delayMs);
    this.timer.unref();
  }
}
