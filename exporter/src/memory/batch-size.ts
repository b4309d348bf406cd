/**
 * The SCAN COUNT of the sampler's batches, steered so one batch (one script call, measure-script.ts) holds Redis for
 * about `targetUs`. Redis runs a script to its end, so the batch's time is how long every other client may wait on
 * it: the goal is never more than 1 ms, and the target sits well under it because COUNT is a hint (SCAN returns whole
 * buckets) and keys differ in cost. The input is Redis's own time for the sampler's script calls (INFO commandstats:
 * usec over calls, wall time inside Redis, so on a busy machine an upper bound: the batch shrinks, never grows, when
 * the server is descheduled), not the round trip, which the exporter's own scheduling would inflate.
 */
export interface BatchSizeOptions {
  targetUs: number;
  min: number;
  max: number;
  initial: number;
}

export const DEFAULT_BATCH_SIZE: BatchSizeOptions = { targetUs: 250, min: 8, max: 512, initial: 64 };

export class BatchSize {
  private current: number;
  /** µs per key of the last observation (for the self-metric); undefined until one. */
  lastUsPerKey?: number;

  constructor(private readonly options: BatchSizeOptions = DEFAULT_BATCH_SIZE) {
    this.current = clamp(options.initial, options.min, options.max);
  }

  get count(): number {
    return this.current;
  }

  /**
   * `usec` of Redis time for script calls that measured `keys` keys in all. The per-call fixed cost is counted per
   * key, which errs small. Shrinks at once; grows at most twofold per observation, so one cheap stretch of the
   * keyspace does not jump the batch to the cap.
   */
  observe(usec: number, keys: number): void {
    if (!(usec > 0) || !(keys > 0)) return;
    const usPerKey = usec / keys;
    this.lastUsPerKey = usPerKey;
    const fits = Math.floor(this.options.targetUs / usPerKey);
    this.current = clamp(Math.min(fits, this.current * 2), this.options.min, this.options.max);
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

/** `cmdstat_<name>` of an INFO commandstats reply: calls and usec; undefined when the command was never called. */
export function commandStat(text: string, name: string): { calls: number; usec: number } | undefined {
  const m = new RegExp(`^cmdstat_${name}:calls=(\\d+),usec=(\\d+)`, 'm').exec(text);
  return m ? { calls: Number(m[1]), usec: Number(m[2]) } : undefined;
}
