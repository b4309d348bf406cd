/** One labelled time series, the common shape for Prometheus API results and Grafana data frames. */
export interface Series {
  labels: Record<string, string>;
  /** [unix ms, value] sorted by time; NaN values are dropped on the way in. */
  points: Array<[number, number]>;
}

export function lastValue(series: Series): number | undefined {
  const last = series.points[series.points.length - 1];
  return last ? last[1] : undefined;
}

export function lastTime(series: Series): number | undefined {
  const last = series.points[series.points.length - 1];
  return last ? last[0] : undefined;
}

/** Label value as text; hostile or missing values become ''. */
export function label(series: Series, name: string): string {
  const value = series.labels[name];
  return typeof value === 'string' ? value : '';
}

/** `redis://host:port`, `host:port` and `rediss://user@host:port` all compare as `host:port`. */
export function normalizeAddress(address: string): string {
  return address
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/^[^@/]*@/, '')
    .replace(/\/.*$/, '');
}
