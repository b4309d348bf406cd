import React from 'react';
import { render, screen } from '@testing-library/react';
import { PatternRow } from '../../data/memory';
import { testIds } from '../../testIds';
import { MemoryPatternsTable } from './MemoryPatternsTable';

const row = (keyGroup: string, bytes: number, extra: Partial<PatternRow> = {}): PatternRow => ({
  instance: '127.0.0.1:9121',
  keyGroup,
  bytes,
  ttl: {},
  trend: [],
  biggest: [],
  ...extra,
});

describe('MemoryPatternsTable', () => {
  it('lists patterns in the given order with memory ± its band, keys ± error, TTL mix and growth', () => {
    render(
      <MemoryPatternsTable
        rows={[
          row('session:{id}', 4 * 1024 * 1024, {
            bytesError: 512 * 1024,
            keys: 1000,
            keysError: 50,
            ttl: { lt_1h: 1, none: 3 },
            trend: [1, 2, 3],
            growth: 1024 * 1024,
          }),
          row('cart:{id}', 1024),
        ]}
      />
    );
    const rows = screen.getAllByTestId(testIds.memory.pattern);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('session:{id}');
    expect(screen.getAllByTestId(testIds.memory.band).map((b) => b.textContent)).toEqual([
      '4 MiB ± 512 KiB (± 13 %)',
      '1 KiB',
    ]);
    expect(rows[0]).toHaveTextContent('1,000 ± 50 (± 5 %)');
    expect(rows[0]).toHaveTextContent('+1 MiB');
    expect(rows[0].querySelector('svg')).not.toBeNull();
    expect(screen.getAllByTestId(testIds.memory.ttlMix)).toHaveLength(1);
  });

  it('limits the rows, names the instance only when there are several, and renders hostile patterns as text', () => {
    const hostile = '<img src=x onerror=alert(1)>:{id}';
    const { container } = render(
      <MemoryPatternsTable
        rows={[row(hostile, 10), row('a', 5, { instance: 'other:9121' }), row('b', 1)]}
        limit={2}
        showTrend={false}
      />
    );
    expect(screen.getAllByTestId(testIds.memory.pattern)).toHaveLength(2);
    expect(container.querySelector('img')).toBeNull();
    expect(container).toHaveTextContent(hostile);
    expect(container).toHaveTextContent('Instance');
  });
});
