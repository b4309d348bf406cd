import React from 'react';
import { render, screen } from '@testing-library/react';
import { buildClusters } from '../../data/cluster';
import { clusterInput } from '../../data/fleetFixtures';
import { testIds } from '../../testIds';
import { ClusterView } from './ClusterView';

describe('ClusterView', () => {
  it('shows state, slot health and each shard as master → replicas with slot range and failover', () => {
    const [cluster] = buildClusters(
      clusterInput([{ job: 'orders', masters: 3, replicasPerMaster: 2, failedOverShard: 0 }]),
      60_000
    );
    render(<ClusterView cluster={cluster} />);
    expect(screen.getByTestId(testIds.cluster.state)).toHaveTextContent('cluster ok slots ok 16384 · pfail 0 · fail 0');
    const shards = screen.getAllByTestId(testIds.cluster.shard);
    expect(shards.map((s) => s.textContent)).toEqual([
      expect.stringMatching(
        /^00-5460 \(5461\)10\.0\.0\.1:7001 online→ 10\.0\.0\.1:7002 online1 · last .* 10\.0\.0\.1:7000 → 10\.0\.0\.1:7001 in 6\.50 s$/
      ),
      expect.stringMatching(
        /^54615461-10921 \(5461\)10\.0\.0\.1:7003 online→ 10\.0\.0\.1:7004 online→ 10\.0\.0\.1:7005 onlinenone$/
      ),
      expect.stringContaining('10922-16383 (5462)'),
      expect.stringMatching(/^none-[0-9a-f]{8}no slots10\.0\.0\.1:7000 fail · disconnectedno replicanone$/),
    ]);
  });

  it('says how many slots a shard holds when no range can be proven', () => {
    const input = clusterInput([{ job: 'c', masters: 3, replicasPerMaster: 0 }]);
    input.shardSlots[0] = { ...input.shardSlots[0], points: [[1, 5000]] };
    const [cluster] = buildClusters(input, 60_000);
    render(<ClusterView cluster={cluster} />);
    expect(screen.getAllByTestId(testIds.cluster.shard)[0]).toHaveTextContent('5000 slots from 0');
  });
});
