import React from 'react';
import { render, screen } from '@testing-library/react';
import { testIds } from '../../testIds';
import { ShardBalanceTable } from './ShardBalanceTable';

describe('ShardBalanceTable', () => {
  it('shows each shard against the median and marks one far above it', () => {
    render(
      <ShardBalanceTable
        shards={[
          { instance: 'c:9121', shard: '0', bytes: 3072, bytesError: 100, ratioToMedian: 3 },
          { instance: 'c:9121', shard: '5461', bytes: 1024, ratioToMedian: 1 },
        ]}
      />
    );
    const [heavy, normal] = screen.getAllByTestId(testIds.memory.shardRow);
    expect(heavy).toHaveTextContent('3 KiB ± 100 B (± 3 %)');
    expect(heavy).toHaveTextContent('3.00 imbalanced');
    expect(normal).toHaveTextContent('1.00');
    expect(normal).not.toHaveTextContent('imbalanced');
  });
});
