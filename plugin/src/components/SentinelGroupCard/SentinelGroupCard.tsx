import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import { SentinelGroup } from '../../data/topology';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';

export interface SentinelGroupCardProps {
  group: SentinelGroup;
  lagThresholdSeconds: number;
  /** The fleet view names the group in its own header. */
  showTitle?: boolean;
}

/** One Sentinel group: master → replicas with lag, and whether the Sentinels can reach quorum. */
export function SentinelGroupCard({ group, lagThresholdSeconds, showTitle = true }: SentinelGroupCardProps) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.group} data-testid={testIds.topology.group}>
      {showTitle && (
        <h4 className={styles.title}>
          <KeyText text={group.masterName} />
        </h4>
      )}
      <div className={styles.master} data-testid={testIds.topology.master}>
        <Badge color="blue" text="master" /> <KeyText text={group.masterAddress} />
        <span className={styles.muted}>{group.source === 'announced' ? ' (announced)' : ' (polled)'}</span>
      </div>
      <ul className={styles.replicas}>
        {group.replicas.length === 0 && <li className={styles.muted}>No replica data for this master</li>}
        {group.replicas.map((replica) => {
          const lagging = replica.lagSeconds !== undefined && replica.lagSeconds > lagThresholdSeconds;
          return (
            <li key={replica.address} data-testid={testIds.topology.replica}>
              → <KeyText text={replica.address} /> <span className={styles.muted}>{replica.state}</span>{' '}
              <Badge
                color={lagging ? 'red' : 'green'}
                text={replica.lagSeconds === undefined ? 'lag ?' : `lag ${replica.lagSeconds}s`}
              />
            </li>
          );
        })}
      </ul>
      <div data-testid={testIds.topology.quorum}>
        Sentinels: {group.sentinels ?? '?'}
        {group.okSentinels !== undefined && ` (${group.okSentinels} ok)`} · quorum{' '}
        {group.quorumOk === undefined ? (
          <Badge color="orange" text="unknown" />
        ) : group.quorumOk ? (
          <Badge color="green" text="ok" />
        ) : (
          <Badge color="red" text="NOT reachable" />
        )}
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  group: css({
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5),
    minWidth: 280,
    background: theme.colors.background.secondary,
  }),
  title: css({ marginBottom: theme.spacing(1) }),
  master: css({ marginBottom: theme.spacing(0.5) }),
  replicas: css({ listStyle: 'none', margin: theme.spacing(0, 0, 1, 2), padding: 0 }),
  muted: css({ color: theme.colors.text.secondary }),
});
