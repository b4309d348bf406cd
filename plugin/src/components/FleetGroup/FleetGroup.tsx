import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, Icon, useStyles2 } from '@grafana/ui';
import { FleetGroup as FleetGroupData } from '../../data/fleet';
import { testIds } from '../../testIds';
import { ClusterView } from '../ClusterView/ClusterView';
import { KeyText } from '../KeyText/KeyText';
import { SentinelGroupCard } from '../SentinelGroupCard/SentinelGroupCard';

export interface FleetGroupProps {
  group: FleetGroupData;
  expanded: boolean;
  onToggle: (id: string) => void;
  lagThresholdSeconds: number;
}

/** One line per group (name, kind, size, what is wrong); the group's topology below it when expanded. */
export function FleetGroup({ group, expanded, onToggle, lagThresholdSeconds }: FleetGroupProps) {
  const styles = useStyles2(getStyles);
  const size = group.cluster
    ? `${group.cluster.shards.filter((s) => s.slots).length} shards · ${group.nodes} nodes`
    : `${group.nodes} nodes`;
  return (
    <li className={styles.item} data-testid={testIds.fleet.group}>
      <button
        type="button"
        className={styles.header}
        aria-expanded={expanded}
        onClick={() => onToggle(group.id)}
        data-testid={testIds.fleet.toggle}
      >
        <Icon name={expanded ? 'angle-down' : 'angle-right'} />
        <span className={styles.name}>
          <KeyText text={group.name} maxWidth={320} />
        </span>
        <Badge
          color={group.kind === 'cluster' ? 'purple' : 'blue'}
          text={group.kind === 'cluster' ? 'Cluster' : 'Sentinel'}
        />
        <span className={styles.muted}>{size}</span>
        {group.failovers > 0 && (
          <Badge color="orange" text={`${group.failovers} failover${group.failovers > 1 ? 's' : ''}`} />
        )}
        {group.problems.length === 0 ? (
          <Badge color="green" text="healthy" />
        ) : (
          <span className={styles.problems}>
            <Badge color="red" text={`${group.problems.length} problem${group.problems.length > 1 ? 's' : ''}`} />{' '}
            <KeyText text={group.problems.join('; ')} maxWidth={520} />
          </span>
        )}
      </button>
      {expanded && (
        <div className={styles.body}>
          {group.cluster && <ClusterView cluster={group.cluster} />}
          {group.sentinel && (
            <SentinelGroupCard group={group.sentinel} lagThresholdSeconds={lagThresholdSeconds} showTitle={false} />
          )}
        </div>
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  item: css({ borderBottom: `1px solid ${theme.colors.border.weak}` }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    width: '100%',
    padding: theme.spacing(0.75, 1),
    background: 'none',
    border: 'none',
    color: theme.colors.text.primary,
    textAlign: 'left',
    cursor: 'pointer',
    '&:hover': { background: theme.colors.action.hover },
  }),
  name: css({ fontWeight: theme.typography.fontWeightMedium, minWidth: 160 }),
  muted: css({ color: theme.colors.text.secondary }),
  problems: css({ color: theme.colors.error.text }),
  body: css({ padding: theme.spacing(0, 1, 1.5, 4) }),
});
