// OTel SDK pieces the library benchmarks share: a reader and a span exporter that cost nothing themselves, so a
// benchmark measures the instrumentation, not an export path.
import { AggregationTemporality, MetricReader } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** A metric reader that never exports: instruments record as usual, nothing is collected during a run. */
export class IdleReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Accepts and drops spans, counting them. */
export class DroppingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
}
