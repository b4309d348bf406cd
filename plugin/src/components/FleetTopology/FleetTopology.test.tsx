import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { buildClusters } from '../../data/cluster';
import { clusterInput, sentinelGroups } from '../../data/fleetFixtures';
import { testIds } from '../../testIds';
import { FleetTopology, PAGE_SIZE } from './FleetTopology';

// A fleet: 12 Sentinel groups of 3 nodes (one with a lagging replica) and 3 clusters (3×2, 6×2 with a failover,
// 4×3) = 36 + 6 + 12 + 16 = 70 nodes in 15 groups.
const clusters = buildClusters(
  clusterInput([
    { job: 'carts', masters: 3, replicasPerMaster: 1 },
    { job: 'orders', masters: 6, replicasPerMaster: 1, failedOverShard: 2 },
    { job: 'sessions', masters: 4, replicasPerMaster: 3 },
  ]),
  60_000
);
const renderFleet = (groups = sentinelGroups(12, 2, ['group-07'])) =>
  render(<FleetTopology sentinelGroups={groups} clusters={clusters} lagThresholdSeconds={10} />);
const groupNames = () =>
  screen.getAllByTestId(testIds.fleet.group).map((g) => within(g).getByTestId(testIds.fleet.toggle).textContent);

describe('FleetTopology', () => {
  it('counts a fleet of 70 nodes in 15 groups and lists trouble first, opened, the rest closed', () => {
    renderFleet();
    expect(screen.getByTestId(testIds.fleet.summary)).toHaveTextContent(
      '12 Sentinel groups · 3 clusters (13 shards) · 70 nodes · 2 with problems'
    );
    const groups = screen.getAllByTestId(testIds.fleet.group);
    expect(groups).toHaveLength(15);
    expect(groupNames().slice(0, 2)).toEqual([expect.stringContaining('group-07'), expect.stringContaining('orders')]);
    expect(groupNames()[1]).toContain('1 failover');
    expect(groupNames()[1]).toContain('shard 5461 has no healthy replica');
    // Only the two groups with problems are open: one Sentinel card and one cluster table.
    expect(screen.getAllByTestId(testIds.topology.group)).toHaveLength(1);
    expect(screen.getAllByTestId(testIds.cluster.view)).toHaveLength(1);
    expect(screen.getAllByTestId(testIds.cluster.shard)).toHaveLength(7);
    expect(screen.getByTestId(testIds.cluster.failover)).toHaveTextContent('1 · last');
  });

  it('opens and closes a group by hand', () => {
    renderFleet();
    const carts = screen.getAllByTestId(testIds.fleet.toggle).find((t) => t.textContent?.includes('carts'))!;
    expect(carts).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(carts);
    expect(carts).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getAllByTestId(testIds.cluster.view)).toHaveLength(2);
    fireEvent.click(carts);
    expect(screen.getAllByTestId(testIds.cluster.view)).toHaveLength(1);
  });

  it('searches names, addresses and shards, and opens what matches', () => {
    renderFleet();
    const search = screen.getByTestId(testIds.fleet.search);
    fireEvent.change(search, { target: { value: '10.1.11.3' } });
    expect(groupNames()).toEqual([expect.stringContaining('group-11')]);
    expect(screen.getByTestId(testIds.topology.master)).toHaveTextContent('10.1.11.1:6379');
    expect(screen.getByTestId(testIds.fleet.summary)).toHaveTextContent('showing 1 of 15');
    fireEvent.change(search, { target: { value: 'shard 4096' } });
    expect(groupNames()).toEqual([expect.stringContaining('sessions')]);
    fireEvent.change(search, { target: { value: 'no-such-thing' } });
    expect(screen.getByText('No group matches this search or filter.')).toBeInTheDocument();
  });

  it('filters by kind and by problems', () => {
    renderFleet();
    fireEvent.click(within(screen.getByTestId(testIds.fleet.kind)).getByLabelText('Cluster'));
    expect(groupNames()).toHaveLength(3);
    fireEvent.click(within(screen.getByTestId(testIds.fleet.kind)).getByLabelText('All'));
    fireEvent.click(screen.getByLabelText('Only groups with problems'));
    expect(groupNames()).toEqual([expect.stringContaining('group-07'), expect.stringContaining('orders')]);
  });

  it('renders a large fleet a page at a time', () => {
    renderFleet(sentinelGroups(120, 2));
    expect(screen.getAllByTestId(testIds.fleet.group)).toHaveLength(PAGE_SIZE);
    expect(screen.getByTestId(testIds.fleet.summary)).toHaveTextContent('120 Sentinel groups');
    fireEvent.click(screen.getByTestId(testIds.fleet.more));
    expect(screen.getAllByTestId(testIds.fleet.group)).toHaveLength(2 * PAGE_SIZE);
    fireEvent.click(screen.getByTestId(testIds.fleet.more));
    expect(screen.getAllByTestId(testIds.fleet.group)).toHaveLength(123);
    expect(screen.queryByTestId(testIds.fleet.more)).toBeNull();
  });
});
