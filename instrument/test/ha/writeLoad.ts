import type Redis from 'ioredis';
import { sleep } from '@redis-lens/testkit';

export interface WriteLoadOptions {
  prefix: string;
  /** A write counts as acknowledged when WAIT reports this many replicas (async replication loses the rest). */
  replicas: number;
  waitTimeoutMs?: number;
  maxOps?: number;
  maxMs?: number;
}

export interface WriteLoad {
  /** Keys whose SET returned OK and whose WAIT confirmed `replicas` copies: these must survive a failover. */
  readonly acknowledged: string[];
  /** Keys the master acknowledged before WAIT could confirm replicas: Redis may lose these on failover. */
  readonly masterOnly: string[];
  readonly errors: Map<string, number>;
  /** Longest a single SET+WAIT round took, successful or not. */
  readonly maxDurationMs: () => number;
  successesSince(sinceMs: number): number;
  stop(): Promise<void>;
}

/**
 * A bounded sequential write loop through `client`: SET and WAIT in one pipeline, so WAIT reports on the
 * connection that took the SET (a WAIT resent to a new master after a reconnect would confirm nothing).
 */
export function startWriteLoad(client: Redis, opts: WriteLoadOptions): WriteLoad {
  const acknowledged: string[] = [];
  const masterOnly: string[] = [];
  const errors = new Map<string, number>();
  const successTimes: number[] = [];
  let maxDuration = 0;
  let stopped = false;
  const maxOps = opts.maxOps ?? 50_000;
  const maxMs = opts.maxMs ?? 90_000;

  const loop = (async () => {
    const started = Date.now();
    for (let i = 0; i < maxOps && !stopped && Date.now() - started < maxMs; i++) {
      const key = `${opts.prefix}:${i}`;
      const t0 = Date.now();
      let ok = false;
      try {
        const replies = await client
          .pipeline()
          .set(key, String(i))
          .wait(opts.replicas, opts.waitTimeoutMs ?? 100)
          .exec();
        const [setReply, waitReply] = replies ?? [];
        if (setReply && !setReply[0] && setReply[1] === 'OK') {
          ok = true;
          if (waitReply && !waitReply[0] && Number(waitReply[1]) >= opts.replicas) acknowledged.push(key);
          else masterOnly.push(key);
        } else {
          const err = setReply?.[0] ?? new Error('no reply');
          errors.set(err.message.slice(0, 40), (errors.get(err.message.slice(0, 40)) ?? 0) + 1);
        }
      } catch (error) {
        const message = (error as Error).message.slice(0, 40);
        errors.set(message, (errors.get(message) ?? 0) + 1);
      }
      maxDuration = Math.max(maxDuration, Date.now() - t0);
      if (ok) successTimes.push(Date.now());
      // Failures can be immediate (no connection yet): do not spin.
      else await sleep(20);
    }
  })();

  return {
    acknowledged,
    masterOnly,
    errors,
    maxDurationMs: () => maxDuration,
    successesSince: (since) => successTimes.filter((t) => t >= since).length,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
