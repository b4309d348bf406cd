import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { SentinelGroup } from '../../data/topology';
import { SentinelGroupCard } from '../SentinelGroupCard/SentinelGroupCard';

export interface TopologyViewProps {
  groups: SentinelGroup[];
  lagThresholdSeconds: number;
}

/** Sentinel groups side by side (Overview and Failover pages; the Topology page scales this to a fleet). */
export function TopologyView({ groups, lagThresholdSeconds }: TopologyViewProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.groups}>
      {groups.map((group) => (
        <SentinelGroupCard key={group.masterName} group={group} lagThresholdSeconds={lagThresholdSeconds} />
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  groups: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) }),
});
