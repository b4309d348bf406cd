import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Badge, TextLink, useStyles2 } from '@grafana/ui';
import { FailoverEvent } from '../../data/failovers';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';
import { getTableStyles } from '../tableStyles';

export interface FailoverTimelineProps {
  events: FailoverEvent[];
  /** Builds a link to the failover's trace; absent when no Tempo datasource is configured. */
  traceLink?: (event: FailoverEvent) => string | undefined;
}

const OUTCOME_COLOR = { success: 'green', aborted: 'red', unknown: 'orange' } as const;

export function FailoverTimeline({ events, traceLink }: FailoverTimelineProps) {
  const styles = useStyles2(getTableStyles);
  return (
    <table className={styles.table} data-testid={testIds.timeline.list}>
      <thead>
        <tr>
          <th>When</th>
          <th>Group</th>
          <th>Change</th>
          <th>Outcome</th>
          <th className={styles.numeric}>Duration</th>
          <th>Trace</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const link = traceLink?.(event);
          return (
            <tr key={`${event.masterName}-${event.time}-${event.result}`} data-testid={testIds.timeline.event}>
              <td>{dateTimeFormat(event.time, { format: 'YYYY-MM-DD HH:mm:ss' })}</td>
              <td>
                <KeyText text={event.masterName} />
              </td>
              <td>
                {event.fromAddress || event.toAddress ? (
                  <>
                    <KeyText text={event.fromAddress ?? '?'} maxWidth={180} /> →{' '}
                    <KeyText text={event.toAddress ?? '?'} maxWidth={180} />
                  </>
                ) : (
                  <span className={styles.muted}>master unchanged</span>
                )}
              </td>
              <td>
                <Badge color={OUTCOME_COLOR[event.result]} text={event.result} />
              </td>
              <td className={styles.numeric}>
                {event.durationSeconds === undefined ? '–' : `${event.durationSeconds.toFixed(2)} s`}
              </td>
              <td>
                {link ? (
                  <TextLink href={link} external>
                    trace
                  </TextLink>
                ) : (
                  <span className={styles.muted}>–</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
