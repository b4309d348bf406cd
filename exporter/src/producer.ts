import { ValueType, type Attributes } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  type CollectionResult,
  type GaugeMetricData,
  type HistogramMetricData,
  type MetricData,
  type MetricProducer,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { CATALOG, NAMESPACE, catalogDef, type HistogramValue, type MetricKind, type Sample } from './catalog';
import type { ScrapeOutcome } from './scrape';

/** One metric with the series it has right now. A series absent from a collection is absent from the output. */
export interface MetricFamily {
  /** Full metric name, e.g. `redis_hotkey_lfu_frequency`. */
  name: string;
  help: string;
  kind: MetricKind;
  series: { labels?: Attributes; value: number; histogram?: HistogramValue }[];
  /** Export ±Inf values (e.g. a forecast of "never"); otherwise non-finite values are dropped. */
  keepInfinite?: boolean;
}

/**
 * Cumulative buckets (upper bound → count at or below it) as OTel's per-bucket counts, with the overflow bucket
 * (+Inf) holding what lies above the last bound. Bounds must rise; a reply that breaks that gives undefined.
 */
export function histogramPoint(h: HistogramValue) {
  const boundaries: number[] = [];
  const counts: number[] = [];
  let previous = 0;
  for (const [bound, cumulative] of [...h.buckets].sort((a, b) => a[0] - b[0])) {
    if (!Number.isFinite(bound) || !Number.isFinite(cumulative) || cumulative < previous) return undefined;
    boundaries.push(bound);
    counts.push(cumulative - previous);
    previous = cumulative;
  }
  counts.push(Math.max(0, h.count - previous));
  return { buckets: { boundaries, counts }, count: h.count, sum: h.sum };
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
export function familiesToMetricData(
  families: MetricFamily[],
  startTime: HrTime,
  endTime: HrTime,
  allowInfinite = true,
): MetricData[] {
  const out: MetricData[] = [];
  for (const family of families) {
    const histogram = family.kind === 'histogram';
    const dataPoints = [];
    for (const s of exportedSeries(family, allowInfinite)) {
      const value = histogram ? histogramPoint(s.histogram!) : s.value;
      if (value !== undefined) dataPoints.push({ startTime, endTime, attributes: s.labels ?? {}, value });
    }
    if (!dataPoints.length) continue;
    const counter = family.kind === 'counter';
    const descriptor = {
      name: family.name,
      description: family.help,
      unit: '',
      valueType: ValueType.DOUBLE,
      type: histogram
        ? InstrumentType.HISTOGRAM
        : counter
          ? InstrumentType.OBSERVABLE_COUNTER
          : InstrumentType.OBSERVABLE_GAUGE,
    };
    if (histogram) {
      out.push({
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: dataPoints as HistogramMetricData['dataPoints'],
      } satisfies HistogramMetricData);
      continue;
    }
    const numeric = dataPoints as GaugeMetricData['dataPoints'];
    out.push(
      counter
        ? ({
            descriptor,
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: numeric,
          } satisfies SumMetricData)
        : ({
            descriptor,
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: numeric,
          } satisfies GaugeMetricData),
    );
  }
  return out;
}

/**
 * The series of a family that are exported: finite values only (±Inf where the family keeps them; histograms that
 * have buckets), and of two observations of one label set the last
 * (as with an OTel observable instrument). Shared by the OTel path and the direct text path (prometheus-text.ts).
 */
export function exportedSeries(family: MetricFamily, allowInfinite = true): MetricFamily['series'] {
  const histogram = family.kind === 'histogram';
  const keepInfinite = family.keepInfinite && allowInfinite;
  let seen: Map<string, number> | undefined;
  const out: MetricFamily['series'] = [];
  for (const s of family.series) {
    if (histogram ? !s.histogram : Number.isNaN(s.value) || (!keepInfinite && !Number.isFinite(s.value))) continue;
    if (family.series.length === 1) return [s];
    seen ??= new Map();
    const key = s.labels ? JSON.stringify(s.labels) : '';
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, out.length);
      out.push(s);
    } else out[at] = s;
  }
  return out;
}

const CATALOG_ORDER = new Map(Object.keys(CATALOG).map((name, i) => [name, i]));

/**
 * Groups scrape samples into families in catalog order (passed-through fields last); names not in the catalog are
 * dropped (a typo must not crash a scrape).
 */
export function samplesToFamilies(samples: Sample[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const s of samples) {
    let family = byName.get(s.name);
    if (!family) {
      const def = catalogDef(s.name);
      if (!def) continue;
      family = { name: `${NAMESPACE}_${s.name}`, help: def.help, kind: def.kind, series: [] };
      byName.set(s.name, family);
    }
    family.series.push(s);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (CATALOG_ORDER.get(a) ?? Infinity) - (CATALOG_ORDER.get(b) ?? Infinity) || (a < b ? -1 : 1))
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
    return this.collectWith(true);
  }

  /** The same sources without ±Inf values, for OTLP: its JSON encoding has no Infinity. */
  finiteOnly(): MetricProducer {
    return { collect: () => this.collectWith(false) };
  }

  private async collectWith(allowInfinite: boolean): Promise<CollectionResult> {
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
        scopeMetrics: [
          { scope: SCOPE, metrics: familiesToMetricData(results.flat(), this.startTime, hrNow(), allowInfinite) },
        ],
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
