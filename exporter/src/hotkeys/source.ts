import type { MetricFamily } from '../producer';

/** One key's access rate as a hot-key source reports it. */
export interface HotKeyRate {
  db: number;
  /** Rendered by the redaction module (`pattern#hash` unless raw keys are allowed). */
  label: string;
  pattern: string;
  perMinute: number;
  /** Relative standard error of `perMinute` (0.1 = ±10 %); 1 = no better than a guess or a lower bound. */
  relativeError: number;
}

/**
 * A server-side source of hot-key rates. Today one: the LFU counter estimate (`server_estimate`, server.ts).
 * Redis 8.6 `HOTKEYS` or Valkey's tracker would be further sources with their own `source` label value; none is
 * shipped, as neither runs where this is tested.
 */
export interface HotKeyRateSource {
  /** The `source` label value. */
  readonly source: string;
  rates(): readonly HotKeyRate[];
}

export const ACCESSES_PER_MINUTE = 'redis_hotkey_accesses_per_minute';

/** The rate families every source shares: one name, told apart by `source`. */
export function hotKeyRateFamilies(sources: readonly HotKeyRateSource[], method: string): MetricFamily[] {
  const series = (value: (r: HotKeyRate) => number) =>
    sources.flatMap((s) =>
      s.rates().map((r) => ({
        labels: { db: String(r.db), key: r.label, pattern: r.pattern, source: s.source },
        value: value(r),
      })),
    );
  return [
    {
      name: ACCESSES_PER_MINUTE,
      help: `Accesses per minute of the hottest keys. ${method}`,
      kind: 'gauge',
      series: series((r) => r.perMinute),
    },
    {
      name: `${ACCESSES_PER_MINUTE}_error_ratio`,
      help: 'Relative standard error of redis_hotkey_accesses_per_minute (0.1 = ±10 %); 1 when the source could only give a lower bound or no information',
      kind: 'gauge',
      series: series((r) => r.relativeError),
    },
  ];
}
