import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, Stack, Text, useStyles2 } from '@grafana/ui';
import { useLocation, useParams } from 'react-router-dom';
import { AppLink } from '../components/AppLink/AppLink';
import { KeyText } from '../components/KeyText/KeyText';
import { Markdown } from '../components/Markdown/Markdown';
import { PageToolbar } from '../components/PageToolbar/PageToolbar';
import { RunbookContext } from '../components/RunbookContext/RunbookContext';
import { ROUTES } from '../constants';
import { allRunbooks, expandSummary, findRunbook, labelsFromSearch, runbookHref } from '../data/runbooks';
import { usePageTime } from '../hooks/usePageTime';
import { testIds } from '../testIds';
import { prefixRoute } from '../utils/utils.routing';

/** `/a/<app>/runbooks/<AlertName>?<labels>`: the runbook's steps beside the live state of what fired. */
function Runbook() {
  const styles = useStyles2(getStyles);
  const { name = '' } = useParams();
  const { search } = useLocation();
  const time = usePageTime();
  const entry = findRunbook(name);
  const labels = labelsFromSearch(search);

  if (!entry) {
    return (
      <PluginPage>
        <div data-testid={testIds.pages.runbook}>
          <div data-testid={testIds.runbook.notFound}>
            <Alert severity="warning" title="No runbook for this alert">
              <p>
                redis-lens has no runbook named <KeyText text={name} maxWidth={300} />. Runbooks exist for the alerts in
                its catalog:
              </p>
              <ul>
                {allRunbooks().map((r) => (
                  <li key={r.name}>
                    <AppLink to={runbookHref(r.name)}>{r.name}</AppLink>
                  </li>
                ))}
              </ul>
            </Alert>
          </div>
        </div>
      </PluginPage>
    );
  }

  const shown = Object.entries(labels).filter(([k]) => k !== 'alertname');
  return (
    <PluginPage>
      <div data-testid={testIds.pages.runbook}>
        <PageToolbar time={time} />
        <Stack direction="column" gap={1}>
          <Stack gap={1} alignItems="center">
            <span data-testid={testIds.runbook.title}>
              <Text element="h2">{entry.name}</Text>
            </span>
            <Badge color={entry.severity === 'critical' ? 'red' : 'orange'} text={entry.severity} />
            <AppLink to={prefixRoute(ROUTES.Alerts)}>All alerts</AppLink>
          </Stack>
          <Text color="secondary">{expandSummary(entry.summary, labels)}</Text>
          {shown.length > 0 && (
            <Stack gap={1} wrap="wrap">
              {shown.map(([k, v]) => (
                <span key={k} className={styles.label}>
                  <KeyText text={`${k}=${v}`} maxWidth={360} />
                </span>
              ))}
            </Stack>
          )}
        </Stack>
        <div className={styles.columns}>
          <div className={styles.steps}>
            <Markdown source={entry.markdown} />
          </div>
          <div className={styles.context} data-testid={testIds.runbook.context}>
            <RunbookContext entry={entry} labels={labels} window={time.window} />
          </div>
        </div>
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  columns: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    gap: theme.spacing(3),
    marginTop: theme.spacing(2),
    [theme.breakpoints.down('lg')]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  }),
  steps: css({ minWidth: 0 }),
  context: css({ minWidth: 0, overflowX: 'auto' }),
  label: css({
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0, 0.5),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});

export default Runbook;
