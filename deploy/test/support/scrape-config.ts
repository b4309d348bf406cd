/**
 * A Prometheus Operator ScrapeConfig spec as the Prometheus scrape job the operator generates from it. The chart's
 * fields map one to one onto Prometheus's (camelCase → snake_case); this covers exactly the fields the chart uses,
 * so a test can run the chart's relabeling in the real Prometheus without the operator (a Go program the set-up does
 * not build).
 */
const RENAMED: Record<string, string> = { httpSDConfigs: 'http_sd_configs', relabelings: 'relabel_configs' };
const USED = new Set([
  'metricsPath',
  'scrapeInterval',
  'scrapeTimeout',
  'staticConfigs',
  'httpSDConfigs',
  'relabelings',
  'params',
  'metricRelabelings',
]);

const snake = (key: string) => RENAMED[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), convert(v)]));
  }
  return value;
}

export function scrapeJob(jobName: string, spec: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(spec)) {
    if (!USED.has(key)) throw new Error(`scrapeJob: ScrapeConfig field ${key} is not translated`);
  }
  const { metricRelabelings, ...rest } = spec;
  return {
    job_name: jobName,
    ...(convert(rest) as object),
    ...(metricRelabelings ? { metric_relabel_configs: convert(metricRelabelings) } : {}),
  };
}
