import React from 'react';
import { render, screen } from '@testing-library/react';
import { testIds } from '../../testIds';
import { TopologyView } from './TopologyView';

describe('TopologyView', () => {
  it('draws master → replicas with lag and quorum health', () => {
    render(
      <TopologyView
        lagThresholdSeconds={5}
        groups={[
          {
            masterName: 'mymaster',
            masterAddress: '10.0.0.2:6379',
            source: 'announced',
            replicas: [
              { address: '10.0.0.3:6379', state: 'online', lagSeconds: 0 },
              { address: '10.0.0.4:6379', state: 'online', lagSeconds: 30 },
            ],
            sentinels: 3,
            okSentinels: 2,
            quorumOk: false,
          },
        ]}
      />
    );
    expect(screen.getByTestId(testIds.topology.master)).toHaveTextContent('10.0.0.2:6379 (announced)');
    const replicas = screen.getAllByTestId(testIds.topology.replica);
    expect(replicas[1]).toHaveTextContent('lag 30s');
    expect(screen.getByTestId(testIds.topology.quorum)).toHaveTextContent('Sentinels: 3 (2 ok) · quorum NOT reachable');
  });

  it('says when there is no replica data', () => {
    render(
      <TopologyView
        lagThresholdSeconds={5}
        groups={[{ masterName: 'm', masterAddress: 'a:1', source: 'polled', replicas: [] }]}
      />
    );
    expect(screen.getByText('No replica data for this master')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.topology.quorum)).toHaveTextContent('unknown');
  });
});
