import React from 'react';
import { dateTimeFormatTimeAgo } from '@grafana/data';
import { Badge, BadgeColor, TextLink, useStyles2 } from '@grafana/ui';
import { AlertRow } from '../../data/alerts';
import { testIds } from '../../testIds';
import { AppLink } from '../AppLink/AppLink';
import { KeyText } from '../KeyText/KeyText';
import { getTableStyles } from '../tableStyles';

const STATE_COLOR: Record<string, BadgeColor> = {
  firing: 'red',
  pending: 'orange',
  suppressed: 'purple',
  inactive: 'green',
};

export function AlertsTable({ rows }: { rows: AlertRow[] }) {
  const styles = useStyles2(getTableStyles);
  return (
    <table className={styles.table} data-testid={testIds.alerts.table}>
      <thead>
        <tr>
          <th>Alert</th>
          <th>State</th>
          <th>Severity</th>
          <th>Since</th>
          <th>Summary</th>
          <th>Runbook</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.group}/${row.name}`} data-testid={testIds.alerts.row}>
            <td>
              <KeyText text={row.name} maxWidth={260} />
            </td>
            <td>
              <Badge
                color={STATE_COLOR[row.state] ?? 'blue'}
                text={row.instances > 1 ? `${row.state} ×${row.instances}` : row.state}
              />
            </td>
            <td>
              <KeyText text={row.severity || '–'} maxWidth={100} />
            </td>
            <td>{row.since ? dateTimeFormatTimeAgo(row.since) : '–'}</td>
            <td>
              <KeyText text={row.summary} maxWidth={420} />
            </td>
            <td>
              {row.runbookUrl?.startsWith('/') ? (
                <AppLink to={row.runbookUrl}>runbook</AppLink>
              ) : row.runbookUrl ? (
                <TextLink href={row.runbookUrl} external>
                  runbook
                </TextLink>
              ) : (
                <span className={styles.muted}>–</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
