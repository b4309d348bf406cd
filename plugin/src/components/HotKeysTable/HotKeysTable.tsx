import React from 'react';
import { Badge, useStyles2 } from '@grafana/ui';
import { confidenceText, HotKeyRow } from '../../data/hotkeys';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';
import { Sparkline } from '../Sparkline/Sparkline';
import { getTableStyles } from '../tableStyles';

export interface HotKeysTableProps {
  rows: HotKeyRow[];
  /** Accesses per minute above which a key is hot (the RedisHotKey alert's threshold). */
  threshold: number;
  limit?: number;
  showTrend?: boolean;
}

const SOURCE_TEXT = { server_estimate: 'server estimate', client_measured: 'client measured' } as const;
const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function HotKeysTable({ rows, threshold, limit, showTrend = true }: HotKeysTableProps) {
  const styles = useStyles2(getTableStyles);
  const shown = limit ? rows.slice(0, limit) : rows;
  return (
    <table className={styles.table} data-testid={testIds.hotKeys.table}>
      <thead>
        <tr>
          <th>#</th>
          <th>Key</th>
          <th>Pattern</th>
          <th>Instance</th>
          <th>Source</th>
          <th className={styles.numeric}>Accesses/min</th>
          <th>Confidence</th>
          {showTrend && <th>Trend</th>}
        </tr>
      </thead>
      <tbody>
        {shown.map((row, index) => (
          <tr
            key={`${row.source}-${row.instance}-${row.db}-${row.key}`}
            className={row.overThreshold ? styles.hot : undefined}
            data-testid={testIds.hotKeys.row}
          >
            <td>{index + 1}</td>
            <td>
              <KeyText text={row.key} maxWidth={360} />
            </td>
            <td>
              <KeyText text={row.pattern} maxWidth={200} />
            </td>
            <td>
              <KeyText text={row.db ? `${row.instance} db${row.db}` : row.instance} maxWidth={200} />
            </td>
            <td>{SOURCE_TEXT[row.source]}</td>
            <td className={styles.numeric}>
              {row.perMinute === undefined ? '—' : `${rate.format(row.perMinute)}/min`}{' '}
              {row.overThreshold && <Badge color="red" text={`> ${rate.format(threshold)}/min`} />}
            </td>
            <td>{confidenceText(row)}</td>
            {showTrend && (
              <td>
                <Sparkline values={row.trend} threshold={threshold} label={`trend of ${row.key.slice(0, 64)}`} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
