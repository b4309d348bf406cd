import React from 'react';
import { render, screen } from '@testing-library/react';
import { sentinelGroups } from '../../data/fleetFixtures';
import { testIds } from '../../testIds';
import { SentinelGroupCard } from './SentinelGroupCard';

describe('SentinelGroupCard', () => {
  it('draws master → replicas, marks a lagging replica and leaves the title to the fleet header', () => {
    const [group] = sentinelGroups(1, 2, ['group-00']);
    render(<SentinelGroupCard group={group} lagThresholdSeconds={10} showTitle={false} />);
    expect(screen.queryByRole('heading')).toBeNull();
    expect(screen.getByTestId(testIds.topology.master)).toHaveTextContent('10.1.0.1:6379 (announced)');
    expect(screen.getAllByTestId(testIds.topology.replica).map((r) => r.textContent)).toEqual([
      '→ 10.1.0.2:6379 online lag 120s',
      '→ 10.1.0.3:6379 online lag 0s',
    ]);
  });
});
