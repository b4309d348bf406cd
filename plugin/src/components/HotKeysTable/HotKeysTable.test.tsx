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
  source: 'server_estimate',
  perMinute: 1450,
  errorRatio: 0.22,
  trend: [800, 1000, 1450],
  overThreshold: true,
  ...over,
});

describe('HotKeysTable', () => {
  it('shows accesses/min, the source and its confidence, and marks keys over the threshold', () => {
    render(
      <HotKeysTable
        threshold={1000}
        rows={[
          row({}),
          row({
            key: 'cart:{id}#00',
            source: 'client_measured',
            perMinute: 400,
            errorRatio: undefined,
            coverage: 1,
            overThreshold: false,
            trend: [],
          }),
        ]}
      />
    );
    const rows = screen.getAllByTestId(testIds.hotKeys.row);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('user:{id}#ab12cd34ef56');
    expect(rows[0]).toHaveTextContent('server estimate');
    expect(rows[0]).toHaveTextContent('1,450/min');
    expect(rows[0]).toHaveTextContent('±22 %');
    expect(rows[0]).toHaveTextContent('> 1,000/min');
    expect(rows[0].querySelector('polyline')).not.toBeNull();
    expect(rows[1]).toHaveTextContent('client measured');
    expect(rows[1]).toHaveTextContent('400/min');
    expect(rows[1]).toHaveTextContent('exact');
    expect(rows[1]).not.toHaveTextContent('>');
  });

  it('renders hostile raw keys as text and honours the row limit', () => {
    const hostile = '"><svg onload=alert(1)>';
    const { container } = render(
      <HotKeysTable threshold={1000} limit={1} rows={[row({ key: hostile, pattern: hostile }), row({ key: 'b' })]} />
    );
    expect(screen.getAllByText(hostile).length).toBeGreaterThan(0);
    expect(container.querySelector('tbody svg[onload]')).toBeNull();
    expect(screen.getAllByTestId(testIds.hotKeys.row)).toHaveLength(1);
  });
});
