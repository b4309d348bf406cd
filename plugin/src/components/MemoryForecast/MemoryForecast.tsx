import React from 'react';
import { Badge, useStyles2 } from '@grafana/ui';
import { Coverage, dbName, durationText, Forecast } from '../../data/memory';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';
import { formatBytes } from '../MemoryPatternsTable/MemoryPatternsTable';
import { Sparkline } from '../Sparkline/Sparkline';
import { getTableStyles } from '../tableStyles';

export interface MemoryForecastProps {
  forecasts: Forecast[];
  coverage: Coverage[];
  /** The RedisMemoryFullIn threshold (s): a shorter time to full is marked. */
  thresholdSeconds: number;
  showTrend?: boolean;
}

const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10} %`;

/** Per instance: time until the memory limit at the recent growth, the limit and its source, growth, policy, coverage. */
export function MemoryForecast({ forecasts, coverage, thresholdSeconds, showTrend = true }: MemoryForecastProps) {
  const styles = useStyles2(getTableStyles);
  return (
    <table className={styles.table} data-testid={testIds.memory.forecast}>
      <thead>
        <tr>
          <th>Instance</th>
          <th>Time to full</th>
          <th className={styles.numeric}>Used / limit</th>
          <th className={styles.numeric}>Growth</th>
          <th>Eviction policy</th>
          <th>Keyspace sampled</th>
          {showTrend && <th>Used memory</th>}
        </tr>
      </thead>
      <tbody>
        {forecasts.map((f) => {
          const soon = f.timeToFullSeconds !== undefined && f.timeToFullSeconds < thresholdSeconds;
          const mine = coverage.filter((c) => c.instance === f.instance);
          return (
            <tr key={f.instance} className={soon ? styles.hot : undefined} data-testid={testIds.memory.forecastRow}>
              <td>
                <KeyText text={f.instance} maxWidth={200} />
              </td>
              <td>
                {durationText(f.timeToFullSeconds)}{' '}
                {soon && <Badge color="red" text={`< ${durationText(thresholdSeconds)}`} />}
              </td>
              <td className={styles.numeric}>
                {f.usedBytes === undefined ? '–' : formatBytes(f.usedBytes)} /{' '}
                {f.limitBytes === undefined ? '–' : formatBytes(f.limitBytes)}
                {f.limitSource && <span className={styles.muted}> ({f.limitSource})</span>}
              </td>
              <td className={styles.numeric}>
                {f.growthBytesPerSecond === undefined ? '–' : `${formatBytes(f.growthBytesPerSecond)}/s`}
              </td>
              <td>{f.policy ?? '–'}</td>
              <td data-testid={testIds.memory.coverage}>
                {mine.length
                  ? mine
                      .map(
                        (c) =>
                          `${dbName(c.db)} ${percent(c.ratio)}${c.sampledKeys === undefined ? '' : ` (${c.sampledKeys} keys)`}`
                      )
                      .join(', ')
                  : '–'}
              </td>
              {showTrend && (
                <td>
                  <Sparkline
                    values={f.usedTrend}
                    threshold={f.limitBytes}
                    width={160}
                    label={`used memory of ${f.instance}`}
                  />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
