import React, { useState } from 'react';
import { dateTimeFormatTimeAgo } from '@grafana/data';
import { Badge, Button, Stack, Text, useStyles2 } from '@grafana/ui';
import { FiringAlert, FiringGroup } from '../../data/alerts';
import { runbookHref } from '../../data/runbooks';
import { testIds } from '../../testIds';
import { AppLink } from '../AppLink/AppLink';
import { KeyText } from '../KeyText/KeyText';
import { SilenceModal } from '../SilenceModal/SilenceModal';
import { getTableStyles } from '../tableStyles';

export interface FiringAlertsProps {
  groups: FiringGroup[];
  /** After a silence is created (the page reloads its alerts). */
  onSilenced?: () => void;
}

/** Firing alerts per instance or Sentinel group, each with its runbook page and a silence action. */
export function FiringAlerts({ groups, onSilenced }: FiringAlertsProps) {
  const styles = useStyles2(getTableStyles);
  const [silencing, setSilencing] = useState<FiringAlert>();
  return (
    <Stack direction="column" gap={2}>
      {groups.map((group) => (
        <div key={group.title} data-testid={testIds.firing.group}>
          <Text element="h5">{group.title}</Text>
          <table className={styles.table}>
            <tbody>
              {group.alerts.map((alert, i) => (
                <tr key={`${alert.name}/${i}`} data-testid={testIds.firing.alert}>
                  <td>
                    <KeyText text={alert.name} maxWidth={240} />
                  </td>
                  <td>
                    <Badge
                      color={alert.state === 'suppressed' ? 'purple' : 'red'}
                      text={alert.state === 'suppressed' ? 'silenced' : 'firing'}
                    />
                  </td>
                  <td>
                    <KeyText text={alert.severity || '–'} maxWidth={100} />
                  </td>
                  <td>{alert.since ? dateTimeFormatTimeAgo(alert.since) : '–'}</td>
                  <td>
                    <KeyText text={alert.summary} maxWidth={360} />
                  </td>
                  <td>
                    <span data-testid={testIds.firing.runbook}>
                      <AppLink to={runbookHref(alert.name, alert.labels)}>runbook</AppLink>
                    </span>
                  </td>
                  <td>
                    <Button
                      size="sm"
                      variant="secondary"
                      icon="bell-slash"
                      data-testid={testIds.firing.silence}
                      disabled={alert.state === 'suppressed'}
                      onClick={() => setSilencing(alert)}
                    >
                      Silence
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {silencing && (
        <SilenceModal alert={silencing} onDismiss={() => setSilencing(undefined)} onCreated={() => onSilenced?.()} />
      )}
    </Stack>
  );
}
