import React from 'react';
import { useStyles2 } from '@grafana/ui';
import { PatternRow } from '../../data/memory';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';
import { formatBytes } from '../MemoryPatternsTable/MemoryPatternsTable';
import { getTableStyles } from '../tableStyles';

export interface BiggestKeysTableProps {
  patterns: PatternRow[];
  limit?: number;
}

/** The largest sampled keys of each pattern, as the exporter renders them (`pattern#hash`, never the raw name). */
export function BiggestKeysTable({ patterns, limit = 20 }: BiggestKeysTableProps) {
  const styles = useStyles2(getTableStyles);
  const rows = patterns
    .flatMap((p) => p.biggest.map((k) => ({ ...k, pattern: p.keyGroup, instance: p.instance })))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit);
  return (
    <table className={styles.table} data-testid={testIds.memory.biggest}>
      <thead>
        <tr>
          <th>Key</th>
          <th>Pattern</th>
          <th className={styles.numeric}>Bytes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.instance}\u0000${row.key}`} data-testid={testIds.memory.biggestRow}>
            <td>
              <KeyText text={row.key} maxWidth={360} />
            </td>
            <td>
              <KeyText text={row.pattern} maxWidth={220} />
            </td>
            <td className={styles.numeric}>{formatBytes(row.bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
