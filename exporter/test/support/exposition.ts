/** Metric names, types and label names of a Prometheus text exposition, for comparing two exporters. */
export interface Exposition {
  /** metric name → TYPE */
  types: Map<string, string>;
  /** series name (as written, e.g. `x_sum`) → label names */
  labels: Map<string, Set<string>>;
}

/** Names come from sample lines (so summary `_sum`/`_count` count as the names dashboards query). */
export function readExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const labels = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) types.set(type[1], type[2]);
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?/.exec(line);
    if (!m) continue;
    const set = labels.get(m[1]) ?? new Set<string>();
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g))
      if (l[1] !== 'quantile' && l[1] !== 'le') set.add(l[1]);
    labels.set(m[1], set);
  }
  return { types, labels };
}
