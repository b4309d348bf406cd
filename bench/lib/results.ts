import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One benchmark figure beside its anchor measured in the same run. `ratio` = value / anchor_value. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  anchor: string | null;
  anchor_value: number | null;
  ratio: number | null;
  /** Free-form context: sample size, machine, parameters. */
  notes?: string;
}

export const RESULTS_FILE = join(__dirname, '..', 'results.json');

export function row(
  name: string,
  value: number,
  unit: string,
  anchor?: { name: string; value: number },
  notes?: string,
): BenchRow {
  return {
    name,
    value: round(value),
    unit,
    anchor: anchor?.name ?? null,
    anchor_value: anchor ? round(anchor.value) : null,
    ratio: anchor && anchor.value !== 0 ? round(value / anchor.value) : null,
    ...(notes ? { notes } : {}),
  };
}

function round(n: number): number {
  return Number.isFinite(n) ? Number(n.toPrecision(4)) : n;
}

/** Merges rows into bench/results.json (rows with the same name are replaced) and prints them as a table. */
export function recordRows(rows: BenchRow[]): void {
  const existing: BenchRow[] = existsSync(RESULTS_FILE) ? JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) : [];
  const byName = new Map(existing.map((r) => [r.name, r]));
  for (const r of rows) byName.set(r.name, r);
  writeFileSync(RESULTS_FILE, JSON.stringify([...byName.values()], null, 2) + '\n');
  console.table(
    rows.map((r) => ({
      name: r.name,
      value: `${r.value} ${r.unit}`,
      anchor: r.anchor ?? '',
      anchor_value: r.anchor_value ?? '',
      ratio: r.ratio ?? '',
    })),
  );
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}
