import { ValueType, type Attributes } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  type CollectionResult,
  type GaugeMetricData,
  type MetricData,
  type MetricProducer,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { CATALOG, NAMESPACE, type MetricKind, type Sample } from './catalog';
import type { ScrapeOutcome } from './scrape';

/** One metric with the series it has right now. A series absent from a collection is absent from the output. */
export interface MetricFamily {
  /** Full metric name, e.g. `redis_hotkey_lfu_frequency`. */
  name: string;
  help: string;
  kind: MetricKind;
  series: { labels?: Attributes; value: number }[];
  /** Export ±Inf values (e.g. a forecast of "never"); otherwise non-finite values are dropped. */
  keepInfinite?: boolean;
}

/** Called at every collection (Prometheus scrape or OTLP export) for the metrics a source has right now. */
export type FamilySource = () => MetricFamily[] | Promise<MetricFamily[]>;

const SCOPE = { name: 'redis-lens-exporter' };

type HrTime = [number, number];
const hrNow = (): HrTime => {
  const ms = Date.now();
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
};

/**
 * Builds OTel metric data straight from families. Counters are monotonic cumulative sums whose start time is the
 * process start: the values are Redis's own counters, which the exporter only reads.
 */
export function familiesToMetricData(families: MetricFamily[], startTime: HrTime, endTime: HrTime): MetricData[] {
  const out: MetricData[] = [];
  for (const family of families) {
    const dataPoints = [];
    const seen = new Map<string, number>();
    for (const s of family.series) {
      if (Number.isNaN(s.value) || (!family.keepInfinite && !Number.isFinite(s.value))) continue;
      const attributes = s.labels ?? {};
      // Two observations of one series: the last wins, as with an OTel observable instrument.
      const key = s.labels ? JSON.stringify(s.labels) : '';
      const at = seen.get(key);
      const point = { startTime, endTime, attributes, value: s.value };
      if (at === undefined) {
        seen.set(key, dataPoints.length);
        dataPoints.push(point);
      } else dataPoints[at] = point;
    }
    if (!dataPoints.length) continue;
    const counter = family.kind === 'counter';
    const descriptor = {
      name: family.name,
      description: family.help,
      unit: '',
      valueType: ValueType.DOUBLE,
      type: counter ? InstrumentType.OBSERVABLE_COUNTER : InstrumentType.OBSERVABLE_GAUGE,
    };
    out.push(
      counter
        ? ({
            descriptor,
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints,
          } satisfies SumMetricData)
        : ({
            descriptor,
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints,
          } satisfies GaugeMetricData),
    );
  }
  return out;
}

const CATALOG_ORDER = new Map(Object.keys(CATALOG).map((name, i) => [name, i]));

/** Groups scrape samples into families in catalog order; names not in the catalog are dropped (a typo must not crash a scrape). */
export function samplesToFamilies(samples: Sample[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const s of samples) {
    let family = byName.get(s.name);
    if (!family) {
      const def = CATALOG[s.name];
      if (!def) continue;
      family = { name: `${NAMESPACE}_${s.name}`, help: def.help, kind: def.kind, series: [] };
      byName.set(s.name, family);
    }
    family.series.push(s);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => CATALOG_ORDER.get(a)! - CATALOG_ORDER.get(b)!)
    .map(([, family]) => family);
}

/**
 * The exporter's collected metrics: every source runs at collection time — once per Prometheus scrape or OTLP
 * export, like redis_exporter — and only the series it reports then are exported. Built as metric data directly,
 * not through OTel instruments: the SDK keeps every attribute set an asynchronous instrument ever reported, but a
 * replica that left, a Redis that went down or a key that left the top N must disappear, as in redis_exporter.
 * It also saves building instruments on every scrape, which dominated the exporter's memory churn.
 */
export class FamilyProducer implements MetricProducer {
  private readonly sources: FamilySource[] = [];
  private readonly startTime = hrNow();

  constructor(...sources: FamilySource[]) {
    this.sources.push(...sources);
  }

  add(source: FamilySource): void {
    this.sources.push(source);
  }

  async collect(): Promise<CollectionResult> {
    const errors: unknown[] = [];
    const results = await Promise.all(
      this.sources.map(async (source) => {
        try {
          return await source();
        } catch (error) {
          errors.push(error);
          return [];
        }
      }),
    );
    return {
      resourceMetrics: {
        resource: emptyResource(),
        scopeMetrics: [{ scope: SCOPE, metrics: familiesToMetricData(results.flat(), this.startTime, hrNow()) }],
      },
      errors,
    };
  }
}

/** A source that runs one Redis scrape and reports its samples (and the outcome to `onScrape`, for self-metrics). */
export function scrapeSource(
  scrape: () => Promise<ScrapeOutcome>,
  onScrape?: (outcome: ScrapeOutcome) => void,
): FamilySource {
  return async () => {
    const outcome = await scrape();
    onScrape?.(outcome);
    return samplesToFamilies(outcome.samples);
  };
}
