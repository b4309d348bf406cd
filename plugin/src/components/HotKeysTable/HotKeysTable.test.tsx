import React from 'react';
import { render, screen } from '@testing-library/react';
import { HotKeyRow } from '../../data/hotkeys';
import { testIds } from '../../testIds';
import { HotKeysTable } from './HotKeysTable';

const row = (over: Partial<HotKeyRow>): HotKeyRow => ({
  key: 'user:{id}#ab12cd34ef56',
  pattern: 'user:{id}',
  instance: '127.0.0.1:6379',
  db: '0',
  source: 'server',
  value: 120,
  trend: [80, 100, 120],
  overThreshold: true,
  ...over,
});
const thresholds = { clientRatePerMinute: 1000, serverLfu: 100 };

describe('HotKeysTable', () => {
  it('ranks rows, names the source and marks keys over the threshold', () => {
    render(
      <HotKeysTable
        thresholds={thresholds}
        rows={[row({}), row({ key: 'cart:{id}#00', source: 'client', value: 400, overThreshold: false, trend: [] })]}
      />
    );
    const rows = screen.getAllByTestId(testIds.hotKeys.row);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('user:{id}#ab12cd34ef56');
    expect(rows[0]).toHaveTextContent('server LFU');
    expect(rows[0]).toHaveTextContent('≥ 100');
    expect(rows[0].querySelector('polyline')).not.toBeNull();
    expect(rows[1]).toHaveTextContent('400/min');
    expect(rows[1]).not.toHaveTextContent('≥');
  });

  it('renders hostile raw keys as text and honours the row limit', () => {
    const hostile = '"><svg onload=alert(1)>';
    const { container } = render(
      <HotKeysTable
        thresholds={thresholds}
        limit={1}
        rows={[row({ key: hostile, pattern: hostile }), row({ key: 'b' })]}
      />
    );
    expect(screen.getAllByText(hostile).length).toBeGreaterThan(0);
    expect(container.querySelector('tbody svg[onload]')).toBeNull();
    expect(screen.getAllByTestId(testIds.hotKeys.row)).toHaveLength(1);
  });
});
