import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Checkbox, Input, RadioButtonGroup, useStyles2 } from '@grafana/ui';
import { RedisClusterView } from '../../data/cluster';
import { buildFleet, filterFleet, FleetFilter, fleetCounts } from '../../data/fleet';
import { SentinelGroup } from '../../data/topology';
import { testIds } from '../../testIds';
import { FleetGroup } from '../FleetGroup/FleetGroup';

/** Up to this many groups every group is open; past it only groups with problems (or matching a search) are. */
export const EXPAND_ALL_UP_TO = 6;
/** Groups rendered at once; "Show more" adds as many again, so a fleet of hundreds stays responsive. */
export const PAGE_SIZE = 50;

const KIND_OPTIONS: Array<{ label: string; value: FleetFilter['kind'] }> = [
  { label: 'All', value: 'all' },
  { label: 'Sentinel', value: 'sentinel' },
  { label: 'Cluster', value: 'cluster' },
];

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export interface FleetTopologyProps {
  sentinelGroups: SentinelGroup[];
  clusters: RedisClusterView[];
  lagThresholdSeconds: number;
}

/** Sentinel groups and Redis Clusters of a fleet: counted, searchable, filterable, trouble first. */
export function FleetTopology({ sentinelGroups, clusters, lagThresholdSeconds }: FleetTopologyProps) {
  const styles = useStyles2(getStyles);
  const [filter, setFilter] = useState<FleetFilter>({ search: '', kind: 'all', problemsOnly: false });
  // Groups the operator opened or closed by hand; everything else follows the default.
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const [limit, setLimit] = useState(PAGE_SIZE);
  const fleet = useMemo(
    () => buildFleet(sentinelGroups, clusters, lagThresholdSeconds),
    [sentinelGroups, clusters, lagThresholdSeconds]
  );
  const shown = useMemo(() => filterFleet(fleet, filter), [fleet, filter]);
  const counts = fleetCounts(fleet);
  const searching = filter.search.trim() !== '';
  const openByDefault = (problems: number) => shown.length <= EXPAND_ALL_UP_TO || searching || problems > 0;
  const update = (change: Partial<FleetFilter>) => {
    setFilter({ ...filter, ...change });
    setLimit(PAGE_SIZE);
  };

  return (
    <div>
      <div className={styles.toolbar}>
        <Input
          className={styles.search}
          placeholder="Search group, cluster, shard or address"
          value={filter.search}
          onChange={(e) => update({ search: e.currentTarget.value })}
          data-testid={testIds.fleet.search}
          aria-label="Search topology"
        />
        <div data-testid={testIds.fleet.kind}>
          <RadioButtonGroup options={KIND_OPTIONS} value={filter.kind} onChange={(kind) => update({ kind })} />
        </div>
        <Checkbox
          label="Only groups with problems"
          value={filter.problemsOnly}
          onChange={(e) => update({ problemsOnly: e.currentTarget.checked })}
          data-testid={testIds.fleet.problemsOnly}
        />
      </div>
      <p className={styles.summary} data-testid={testIds.fleet.summary}>
        {count(counts.sentinelGroups, 'Sentinel group')} · {count(counts.clusters, 'cluster')} (
        {count(counts.shards, 'shard')}) · {count(counts.nodes, 'node')} · {counts.withProblems} with problems
        {shown.length !== counts.groups && ` · showing ${shown.length} of ${counts.groups}`}
      </p>
      {shown.length === 0 && <p className={styles.muted}>No group matches this search or filter.</p>}
      <ul className={styles.list}>
        {shown.slice(0, limit).map((group) => (
          <FleetGroup
            key={group.id}
            group={group}
            expanded={toggled[group.id] ?? openByDefault(group.problems.length)}
            onToggle={(id) => setToggled({ ...toggled, [id]: !(toggled[id] ?? openByDefault(group.problems.length)) })}
            lagThresholdSeconds={lagThresholdSeconds}
          />
        ))}
      </ul>
      {shown.length > limit && (
        <Button variant="secondary" onClick={() => setLimit(limit + PAGE_SIZE)} data-testid={testIds.fleet.more}>
          Show {Math.min(PAGE_SIZE, shown.length - limit)} more of {shown.length - limit}
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(2) }),
  search: css({ maxWidth: 360 }),
  summary: css({ margin: theme.spacing(1, 0), color: theme.colors.text.secondary }),
  list: css({ listStyle: 'none', margin: 0, padding: 0, borderTop: `1px solid ${theme.colors.border.weak}` }),
  muted: css({ color: theme.colors.text.secondary }),
});
