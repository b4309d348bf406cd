import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';

/** An in-memory reader: `collect()` on demand, nothing exported anywhere. */
class InMemoryReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface MetricsProbe {
  provider: MeterProvider;
  /** Data points of one instrument, by name. */
  points(name: string): Promise<DataPoint<number | Histogram>[]>;
  /** Sum of a counter's points whose attributes include `attrs`. */
  sum(name: string, attrs?: Record<string, string>): Promise<number>;
  /** Number of recordings of a histogram. */
  histogramCount(name: string): Promise<number>;
}

export function createMetricsProbe(): MetricsProbe {
  const reader = new InMemoryReader();
  const provider = new MeterProvider({ readers: [reader] });
  const points = async (name: string) => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .filter((m) => m.descriptor.name === name)
      .flatMap((m) => m.dataPoints as DataPoint<number | Histogram>[]);
  };
  const matches = (p: DataPoint<unknown>, attrs: Record<string, string>) =>
    Object.entries(attrs).every(([k, v]) => p.attributes[k] === v);
  return {
    provider,
    points,
    async sum(name, attrs = {}) {
      return (await points(name)).filter((p) => matches(p, attrs)).reduce((acc, p) => acc + (p.value as number), 0);
    },
    async histogramCount(name) {
      return (await points(name)).reduce((acc, p) => acc + (p.value as Histogram).count, 0);
    },
  };
}
