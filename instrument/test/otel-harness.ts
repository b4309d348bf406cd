import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type Histogram,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';

/** Collects on demand: tests read exactly what an exporter would get. */
export class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface OtelHarness {
  spans: InMemorySpanExporter;
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  reader: CollectingReader;
  points(name: string): DataPoint<unknown>[];
  histogramCount(name: string, attrs?: Record<string, unknown>): number;
  counterValue(name: string, attrs?: Record<string, unknown>): number;
  shutdown(): Promise<void>;
}

/** One event-loop turn: what the instrumentation and hot-key tracker wait before emitting. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let contextManager: AsyncLocalStorageContextManager | undefined;

export function ensureContextManager(): void {
  if (contextManager) return;
  contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
}

const matches = (point: DataPoint<unknown>, attrs: Record<string, unknown> = {}): boolean =>
  Object.entries(attrs).every(([k, v]) => point.attributes[k] === v);

export async function createHarness(sampler?: Sampler): Promise<OtelHarness> {
  ensureContextManager();
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)], sampler });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  let last: ResourceMetrics | undefined;
  const harness: OtelHarness = {
    spans,
    tracerProvider,
    meterProvider,
    reader,
    points(name) {
      const all = last?.scopeMetrics.flatMap((s) => s.metrics) ?? [];
      return all.filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints as DataPoint<unknown>[]);
    },
    histogramCount(name, attrs) {
      return harness
        .points(name)
        .filter((p) => matches(p, attrs))
        .reduce((n, p) => n + (p.value as Histogram).count, 0);
    },
    counterValue(name, attrs) {
      return harness
        .points(name)
        .filter((p) => matches(p, attrs))
        .reduce((n, p) => n + (p.value as number), 0);
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
  // Tests call collect() then read points; keep the last collection.
  const collect = reader.collect.bind(reader);
  reader.collect = async (options) => {
    await settle(); // the instrumentation emits on the next setImmediate
    const result = await collect(options);
    last = result.resourceMetrics;
    return result;
  };
  return harness;
}
