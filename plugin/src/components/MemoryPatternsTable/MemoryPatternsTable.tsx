import React from 'react';
import { css } from '@emotion/css';
import { formattedValueToString, getValueFormat, GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { PatternRow, withBand } from '../../data/memory';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';
import { Sparkline } from '../Sparkline/Sparkline';
import { getTableStyles } from '../tableStyles';
import { TtlMixBar } from '../TtlMixBar/TtlMixBar';

export interface MemoryPatternsTableProps {
  /** Largest first (buildMemory's order). */
  rows: PatternRow[];
  limit?: number;
  /** Show the growth sparkline column (the Overview leaves it out). */
  showTrend?: boolean;
}

const bytesFormat = getValueFormat('bytes');
export const formatBytes = (v: number) => formattedValueToString(bytesFormat(v));
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const formatCount = (v: number) => count.format(v);

/** Key patterns as sorted bars: estimated memory with its 95 % band, keys, TTL mix and growth over the window. */
export function MemoryPatternsTable({ rows, limit, showTrend = true }: MemoryPatternsTableProps) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const shown = limit ? rows.slice(0, limit) : rows;
  const largest = Math.max(...shown.map((r) => r.bytes + (r.bytesError ?? 0)), 1);
  const instances = new Set(rows.map((r) => r.instance)).size;
  return (
    <table className={table.table} data-testid={testIds.memory.patterns}>
      <thead>
        <tr>
          <th>Pattern</th>
          {instances > 1 && <th>Instance</th>}
          <th>Memory (95 % band)</th>
          <th className={table.numeric}>Keys</th>
          <th>TTL mix</th>
          <th className={table.numeric}>Growth</th>
          {showTrend && <th>Trend</th>}
        </tr>
      </thead>
      <tbody>
        {shown.map((row) => (
          <tr key={`${row.instance}\u0000${row.keyGroup}`} data-testid={testIds.memory.pattern}>
            <td>
              <KeyText text={row.keyGroup} maxWidth={260} />
            </td>
            {instances > 1 && (
              <td>
                <KeyText text={row.instance} maxWidth={160} />
              </td>
            )}
            <td>
              <div className={styles.barCell}>
                <span className={styles.track}>
                  <span className={styles.bar} style={{ width: `${(row.bytes / largest) * 100}%` }} />
                  {row.bytesError !== undefined && (
                    // The band: estimate ± half-width, drawn over the bar.
                    <span
                      className={styles.band}
                      style={{
                        left: `${(Math.max(0, row.bytes - row.bytesError) / largest) * 100}%`,
                        width: `${((Math.min(row.bytes, row.bytesError) + row.bytesError) / largest) * 100}%`,
                      }}
                    />
                  )}
                </span>
                <span data-testid={testIds.memory.band}>{withBand(row.bytes, row.bytesError, formatBytes)}</span>
              </div>
            </td>
            <td className={table.numeric}>
              {row.keys === undefined ? '–' : withBand(row.keys, row.keysError, formatCount)}
            </td>
            <td>
              <TtlMixBar mix={row.ttl} />
            </td>
            <td className={table.numeric}>
              {row.growth === undefined ? '–' : `${row.growth >= 0 ? '+' : '−'}${formatBytes(Math.abs(row.growth))}`}
            </td>
            {showTrend && (
              <td>
                <Sparkline values={row.trend} width={120} label={`memory of ${row.keyGroup.slice(0, 64)}`} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  barCell: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), minWidth: 320 }),
  track: css({ position: 'relative', display: 'inline-block', width: 140, height: 12, flexShrink: 0 }),
  bar: css({
    position: 'absolute',
    left: 0,
    top: 2,
    height: 8,
    background: theme.colors.primary.main,
    borderRadius: theme.shape.radius.default,
  }),
  band: css({
    position: 'absolute',
    top: 0,
    height: 12,
    border: `1px solid ${theme.colors.text.secondary}`,
    background: theme.colors.primary.transparent,
  }),
});
