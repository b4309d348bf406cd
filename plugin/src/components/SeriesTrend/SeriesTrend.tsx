import React from 'react';
import { formattedValueToString, getValueFormat } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { lastValue, Series } from '../../data/series';
import { KeyText } from '../KeyText/KeyText';
import { Sparkline } from '../Sparkline/Sparkline';
import { getTableStyles } from '../tableStyles';

export interface SeriesTrendProps {
  series: Series[];
  /** Grafana unit id for the values (`bytes`, `percentunit`, `short`…). */
  unit?: string;
  threshold?: number;
  testId?: string;
}

/** Series named by their labels, each with its latest value and a trend line (threshold dashed). */
export function SeriesTrend({ series, unit = 'short', threshold, testId }: SeriesTrendProps) {
  const styles = useStyles2(getTableStyles);
  const format = getValueFormat(unit);
  return (
    <table className={styles.table} data-testid={testId}>
      <tbody>
        {series.map((s, i) => {
          const value = lastValue(s);
          const name = Object.entries(s.labels)
            .filter(([k]) => k !== '__name__')
            .map(([k, v]) => `${k}=${v}`)
            .join(', ');
          return (
            <tr key={i}>
              <td>
                <KeyText text={name || '(no labels)'} maxWidth={260} />
              </td>
              <td className={styles.numeric}>{value === undefined ? '–' : formattedValueToString(format(value))}</td>
              <td>
                <Sparkline values={s.points.map(([, v]) => v)} threshold={threshold} width={160} label={name} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
