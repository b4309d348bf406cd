import { DataFrame, FieldType } from '@grafana/data';
import { Series } from './series';

/**
 * Panel data frames (Prometheus time series, table or instant results) to series: each number field is one
 * series with its field labels; a string field named like a label fills in what the field labels lack.
 */
export function framesToSeries(frames: DataFrame[] | undefined): Series[] {
  const out: Series[] = [];
  for (const frame of frames ?? []) {
    const timeField = frame.fields.find((f) => f.type === FieldType.time);
    const stringFields = frame.fields.filter((f) => f.type === FieldType.string);
    const numberFields = frame.fields.filter((f) => f.type === FieldType.number);
    for (const field of numberFields) {
      const values: unknown[] = Array.from(field.values ?? []);
      if (stringFields.length > 0) {
        // Table-shaped frame: one series per row.
        values.forEach((value, row) => {
          const labels: Record<string, string> = { ...(field.labels ?? {}) };
          for (const s of stringFields) {
            labels[s.name] = String(s.values[row] ?? '');
          }
          const time = timeField ? Number(timeField.values[row]) : Date.now();
          const v = Number(value);
          out.push({ labels, points: Number.isNaN(v) || value === null ? [] : [[time, v]] });
        });
        continue;
      }
      const points: Array<[number, number]> = [];
      values.forEach((value, row) => {
        const v = Number(value);
        if (value !== null && value !== undefined && !Number.isNaN(v)) {
          points.push([timeField ? Number(timeField.values[row]) : row, v]);
        }
      });
      out.push({ labels: { ...(field.labels ?? {}) }, points });
    }
  }
  return out;
}
