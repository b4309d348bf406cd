import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { buildClusters } from '../../data/cluster';
import { buildFleet } from '../../data/fleet';
import { clusterInput, sentinelGroups } from '../../data/fleetFixtures';
import { testIds } from '../../testIds';
import { FleetGroup } from './FleetGroup';

const [cluster, sentinel] = buildFleet(
  sentinelGroups(1, 1),
  buildClusters(clusterInput([{ job: 'orders', masters: 3, replicasPerMaster: 1, failedOverShard: 0 }]), 60_000),
  10
);

describe('FleetGroup', () => {
  it('names a cluster with its size, failovers and problems, and asks to toggle', () => {
    const onToggle = jest.fn();
    render(<FleetGroup group={cluster} expanded={false} onToggle={onToggle} lagThresholdSeconds={10} />);
    const toggle = screen.getByTestId(testIds.fleet.toggle);
    expect(toggle).toHaveTextContent(
      // Items are spaced by the flex gap, not by text.
      'ordersCluster3 shards · 6 nodes1 failover2 problems 1 node not online; shard 0 has no healthy replica'
    );
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId(testIds.cluster.view)).toBeNull();
    fireEvent.click(toggle);
    expect(onToggle).toHaveBeenCalledWith('cluster/orders/exporter-0:9121');
  });

  it('opens a healthy Sentinel group to its card without a second title', () => {
    render(<FleetGroup group={sentinel} expanded onToggle={() => undefined} lagThresholdSeconds={10} />);
    expect(screen.getByTestId(testIds.fleet.toggle)).toHaveTextContent('group-00Sentinel2 nodeshealthy');
    expect(screen.getByTestId(testIds.topology.master)).toHaveTextContent('10.1.0.1:6379');
    expect(screen.queryByRole('heading')).toBeNull();
  });
});
