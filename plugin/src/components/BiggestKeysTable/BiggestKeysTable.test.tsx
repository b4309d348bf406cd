import React from 'react';
import { render, screen } from '@testing-library/react';
import { PatternRow } from '../../data/memory';
import { testIds } from '../../testIds';
import { BiggestKeysTable } from './BiggestKeysTable';

const pattern = (keyGroup: string, biggest: PatternRow['biggest']): PatternRow => ({
  instance: 'e:9121',
  keyGroup,
  bytes: 1,
  ttl: {},
  trend: [],
  biggest,
});

describe('BiggestKeysTable', () => {
  it('ranks the biggest keys of every pattern together, largest first, up to the limit', () => {
    render(
      <BiggestKeysTable
        limit={2}
        patterns={[
          pattern('a:{id}', [{ key: 'a:{id}#111111111111', bytes: 100 }]),
          pattern('b:{id}', [
            { key: 'b:{id}#222222222222', bytes: 2048 },
            { key: 'b:{id}#333333333333', bytes: 50 },
          ]),
        ]}
      />
    );
    expect(screen.getAllByTestId(testIds.memory.biggestRow).map((r) => r.textContent)).toEqual([
      'b:{id}#222222222222b:{id}2 KiB',
      'a:{id}#111111111111a:{id}100 B',
    ]);
  });
});
