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

export interface ExpositionDiff {
  theirNames: string[];
  missing: string[];
  labelDiffs: string[];
  typeDiffs: string[];
  extra: string[];
}

const baseName = (name: string) => name.replace(/_(sum|count|bucket)$/, '');

/** Every name, label and type difference between two expositions among the names `wanted` keeps, as text. */
export function compareExpositions(
  theirs: Exposition,
  ours: Exposition,
  wanted: (name: string) => boolean,
): ExpositionDiff {
  const theirNames = [...theirs.labels.keys()].filter(wanted);
  const missing = theirNames.filter((n) => !ours.labels.has(n));
  const labelDiffs = theirNames
    .filter((n) => ours.labels.has(n))
    .filter((n) => [...theirs.labels.get(n)!].sort().join() !== [...ours.labels.get(n)!].sort().join())
    .map((n) => `${n}: theirs {${[...theirs.labels.get(n)!]}} ours {${[...ours.labels.get(n)!]}}`);
  const typeDiffs = [...new Set(theirNames.map(baseName))]
    .filter((n) => theirs.types.has(n) && ours.types.has(n) && theirs.types.get(n) !== ours.types.get(n))
    .map((n) => `${n}: theirs ${theirs.types.get(n)} ours ${ours.types.get(n)}`);
  const extra = [...ours.labels.keys()].filter((n) => wanted(n) && !theirs.labels.has(n));
  return { theirNames, missing, labelDiffs, typeDiffs, extra };
}
