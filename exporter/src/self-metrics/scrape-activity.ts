import type { MetricFamily } from '../producer';

/** A target whose latest scrape the exporter remembers (a pooled `/scrape` target, or the `/metrics` one). */
export interface TargetScrapeState {
  target: string;
  authModule?: string;
  last?: { up: boolean; durationSeconds: number };
}

/**
 * Scrapes running right now. At fleet scale this is the queue an operator looks at first: a count that stays near
 * the number of targets means every scrape waits on the one event loop (or on slow targets).
 */
export class ScrapesInFlight {
  private count = 0;

  get value(): number {
    return this.count;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      this.count--;
    }
  }
}

/**
 * `redis_exporter_scrapes_in_flight` and, per known target, the duration of its latest scrape — the
 * fleet on one `/metrics` page, so the slowest targets can be found without querying each `/scrape` job. The target
 * set is bounded by the connection pool (`--scrape.pool-size`); a target the pool let go leaves the output.
 */
export function scrapeActivityFamilies(inFlight: number, targets: TargetScrapeState[]): MetricFamily[] {
  const durations: MetricFamily['series'] = [];
  for (const t of targets) {
    if (!t.last) continue;
    durations.push({ labels: { target: t.target, auth_module: t.authModule ?? '' }, value: t.last.durationSeconds });
  }
  return [
    {
      name: 'redis_exporter_scrapes_in_flight',
      help: 'Target scrapes (/metrics and /scrape) running now',
      kind: 'gauge',
      series: [{ value: inFlight }],
    },
    {
      name: 'redis_exporter_target_last_scrape_duration_seconds',
      help: 'Duration of the latest scrape of each pooled /scrape target',
      kind: 'gauge',
      series: durations,
    },
  ];
}
