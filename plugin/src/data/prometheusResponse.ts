import { Series } from './series';

/** Prometheus HTTP API body (`/api/v1/query`, `/api/v1/query_range`). */
export interface PromApiBody {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

type RawSample = [unknown, unknown];

function toPoint(sample: unknown): [number, number] | undefined {
  if (!Array.isArray(sample) || sample.length < 2) {
    return undefined;
  }
  const [time, value] = sample as RawSample;
  const t = Number(time) * 1000;
  // Prometheus writes infinities as `+Inf`/`-Inf` (e.g. a time to full while memory does not grow), which Number() reads as NaN.
  const v = value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number(value);
  return Number.isFinite(t) && !Number.isNaN(v) ? [t, v] : undefined;
}

function toLabels(metric: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (metric && typeof metric === 'object') {
    for (const [k, v] of Object.entries(metric as Record<string, unknown>)) {
      if (typeof v === 'string') {
        labels[k] = v;
      }
    }
  }
  return labels;
}

/** Turns a vector or matrix result into series; malformed entries are skipped rather than thrown on. */
export function parsePromResult(body: PromApiBody): Series[] {
  if (body.status && body.status !== 'success') {
    throw new Error(`Prometheus: ${body.error ?? body.status}`);
  }
  const result = body.data?.result;
  if (!Array.isArray(result)) {
    return [];
  }
  const out: Series[] = [];
  for (const entry of result) {
    if (!entry || typeof entry !== 'object') {
      continue;
    }
    const { metric, value, values } = entry as { metric?: unknown; value?: unknown; values?: unknown };
    const raw = Array.isArray(values) ? values : value !== undefined ? [value] : [];
    const points = raw.map(toPoint).filter((p): p is [number, number] => p !== undefined);
    out.push({ labels: toLabels(metric), points: points.sort((a, b) => a[0] - b[0]) });
  }
  return out;
}
