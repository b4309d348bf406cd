import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { exportedSeries, histogramPoint, type MetricFamily } from './producer';

// Byte-for-byte what @opentelemetry/exporter-prometheus' PrometheusSerializer writes for these families with the
// exporter's settings (no timestamps, no scope labels, no target_info) — test/prometheus-text.test.ts compares the
// two on a real scrape. `/scrape?target=` uses this path: per target-scrape it skips building OTel metric data
// (descriptors, data points with start/end times) only to turn it into text, which was most of the allocation of a
// fleet scrape. `/metrics` keeps the SDK path because it also carries the meter's instruments (histograms).

const escapeText = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const INVALID = /[^a-z0-9_]/gi;
const REPEATED_UNDERSCORE = /_{2,}/g;
const sanitizeName = (name: string) => name.replace(INVALID, '_').replace(REPEATED_UNDERSCORE, '_');
const SAFE_LABEL_VALUE = /^[^\\\n"]*$/;

function labelValue(value: AttributeValue | undefined): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return SAFE_LABEL_VALUE.test(text) ? text : escapeText(text).replace(/"/g, '\\"');
}

function labelText(labels: Attributes, le?: string): string {
  let out = '';
  for (const key in labels) out += `${out ? ',' : ''}${sanitizeName(key)}="${labelValue(labels[key])}"`;
  if (le !== undefined) out += `${out ? ',' : ''}le="${le}"`;
  return out ? `{${out}}` : '';
}

/** count, sum, then cumulative buckets with `le` — the SDK serializer's order. */
function histogramText(
  name: string,
  labels: Attributes,
  point: NonNullable<ReturnType<typeof histogramPoint>>,
): string {
  let out = `${name}_count${labelText(labels)} ${valueText(point.count)}\n`;
  out += `${name}_sum${labelText(labels)} ${valueText(point.sum)}\n`;
  let cumulative = 0;
  point.buckets.counts.forEach((count, i) => {
    cumulative += count;
    const bound = point.buckets.boundaries[i];
    out += `${name}_bucket${labelText(labels, bound === undefined ? '+Inf' : String(bound))} ${valueText(cumulative)}\n`;
  });
  return out;
}

function valueText(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return `${value}`;
}

/** Prometheus text (format 0.0.4) for gauge, counter and histogram families, in the order given. */
export function familiesToPrometheusText(families: MetricFamily[]): string {
  let out = '';
  for (const family of families) {
    const series = exportedSeries(family);
    if (!series.length) continue;
    const counter = family.kind === 'counter';
    const histogram = family.kind === 'histogram';
    let name = sanitizeName(escapeText(family.name));
    if (counter && !name.endsWith('_total')) name += '_total';
    const type = histogram ? 'histogram' : counter ? 'counter' : 'gauge';
    let body = '';
    for (const s of series) {
      if (!histogram) body += `${name}${s.labels ? labelText(s.labels) : ''} ${valueText(s.value)}\n`;
      else {
        const point = histogramPoint(s.histogram!);
        if (point) body += histogramText(name, s.labels ?? {}, point);
      }
    }
    if (body)
      out += `# HELP ${name} ${escapeText(family.help || 'description missing')}\n# TYPE ${name} ${type}\n${body}`;
  }
  return out || '# no registered metrics';
}
