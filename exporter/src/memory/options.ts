/** Settings of the memory sampler (`--memory.*`, `--check-key-groups`, `--max-distinct-key-groups`). */
export interface MemoryOptions {
  enabled: boolean;
  /** Pause between sampling cycles. */
  intervalMs: number;
  /** Wall-time budget of one cycle. */
  maxCycleMs: number;
  /** Commands the sampler may send per second, averaged over a second (the bucket holds one second's worth). */
  maxCommandsPerSecond: number;
  /** `MEMORY USAGE key SAMPLES n`: elements sampled per aggregate key (0 = all, O(n) — avoid). */
  samples: number;
  /** Keys per window and db: a window ends at the end of a SCAN pass or after this many keys. */
  windowKeys: number;
  /** Least-squares window of the growth rate behind the forecast. */
  forecastWindowMs: number;
  /** redis_exporter's `--check-key-groups` Lua patterns; empty: group by redacted key pattern. */
  keyGroups: string[];
  maxDistinctKeyGroups: number;
}

export const DEFAULT_MEMORY_OPTIONS: MemoryOptions = {
  enabled: true,
  intervalMs: 1_000,
  maxCycleMs: 250,
  maxCommandsPerSecond: 5_000,
  samples: 5,
  windowKeys: 100_000,
  forecastWindowMs: 30 * 60_000,
  keyGroups: [],
  maxDistinctKeyGroups: 100,
};
