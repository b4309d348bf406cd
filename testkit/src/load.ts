import type Redis from 'ioredis';

export interface DriveRatesOptions {
  /** Stop after this long. */
  durationMs: number;
  /** Stop earlier once this returns true (checked every tick). */
  until?: () => boolean;
  /** Pause between ticks; default 50 ms. */
  tickMs?: number;
}

/**
 * GETs each key at a constant, known rate (accesses per minute) for a bounded time. Each tick sends whatever is due
 * since the start, so the count stays exact whatever the machine's load (bursts after a stall, never fewer).
 * Resolves with the accesses sent per key.
 */
export async function driveRates(
  client: Redis,
  rates: Record<string, number>,
  options: DriveRatesOptions,
): Promise<Record<string, number>> {
  const started = Date.now();
  const sent: Record<string, number> = Object.fromEntries(Object.keys(rates).map((k) => [k, 0]));
  for (let elapsed = 0; elapsed <= options.durationMs && !options.until?.(); elapsed = Date.now() - started) {
    const pipeline = client.pipeline();
    for (const [key, perMinute] of Object.entries(rates)) {
      const due = Math.floor((perMinute * elapsed) / 60_000);
      for (; sent[key] < due; sent[key]++) pipeline.get(key);
    }
    await pipeline.exec();
    await new Promise((resolve) => setTimeout(resolve, options.tickMs ?? 50));
  }
  return sent;
}
