import type { Attributes, Meter, Observable } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type CollectionResult, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { CATALOG, NAMESPACE, type Sample } from './catalog';
import type { ScrapeOutcome } from './scrape';

/** A reader that only collects on demand; it exists so a throw-away MeterProvider can be read once. */
class OnDemandReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Creates one observable instrument per catalog entry on `meter`, keyed by catalog name. */
export function createRedisInstruments(meter: Meter): Map<string, Observable> {
  const instruments = new Map<string, Observable>();
  for (const [name, def] of Object.entries(CATALOG)) {
    const full = `${NAMESPACE}_${name}`;
    const options = { description: def.help };
    instruments.set(
      name,
      def.kind === 'counter'
        ? meter.createObservableCounter(full, options)
        : meter.createObservableGauge(full, options),
    );
  }
  return instruments;
}

/** Observes samples whose name is in the catalog; anything else is dropped (a typo must not crash a scrape). */
export function observeSamples(
  observe: (instrument: Observable, value: number, attributes?: Attributes) => void,
  instruments: Map<string, Observable>,
  samples: Sample[],
): void {
  for (const s of samples) {
    const instrument = instruments.get(s.name);
    if (instrument && Number.isFinite(s.value)) observe(instrument, s.value, s.labels);
  }
}

/**
 * Runs a Redis scrape inside OTel observable callbacks at collection time — once per Prometheus scrape or OTLP
 * export, like redis_exporter. Each collection uses a fresh MeterProvider: the SDK keeps every attribute set an
 * asynchronous instrument ever reported, but a replica that left or a Redis that went down must disappear from
 * the output, as it does in redis_exporter.
 */
export class RedisMetricProducer implements MetricProducer {
  constructor(
    private readonly scrape: () => Promise<ScrapeOutcome>,
    private readonly onScrape?: (outcome: ScrapeOutcome) => void,
  ) {}

  async collect(): Promise<CollectionResult> {
    const reader = new OnDemandReader();
    const provider = new MeterProvider({ readers: [reader] });
    try {
      const meter = provider.getMeter('redis-lens-exporter');
      const instruments = createRedisInstruments(meter);
      meter.addBatchObservableCallback(
        async (result) => {
          const outcome = await this.scrape();
          this.onScrape?.(outcome);
          observeSamples((i, v, a) => result.observe(i, v, a), instruments, outcome.samples);
        },
        [...instruments.values()],
      );
      return await reader.collect();
    } finally {
      await provider.shutdown();
    }
  }
}
