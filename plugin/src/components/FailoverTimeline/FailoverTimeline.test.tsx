import React from 'react';
import { render, screen } from '@testing-library/react';
import { failoverTraceLink } from '../../data/traceLink';
import { testIds } from '../../testIds';
import { FailoverTimeline } from './FailoverTimeline';

const events = [
  {
    masterName: 'mymaster',
    time: Date.UTC(2026, 0, 1, 12, 0, 0),
    fromAddress: '10.0.0.1:6379',
    toAddress: '10.0.0.2:6379',
    result: 'success' as const,
    durationSeconds: 3.25,
  },
  { masterName: 'mymaster', time: Date.UTC(2026, 0, 1, 11, 0, 0), result: 'aborted' as const },
];

describe('FailoverTimeline', () => {
  it('lists each failover with change, outcome, duration and a Tempo trace link', () => {
    render(<FailoverTimeline events={events} traceLink={(e) => failoverTraceLink('tempo-uid', e)} />);
    const [ok, aborted] = screen.getAllByTestId(testIds.timeline.event);
    expect(ok).toHaveTextContent('10.0.0.1:6379 → 10.0.0.2:6379');
    expect(ok).toHaveTextContent('success');
    expect(ok).toHaveTextContent('3.25 s');
    const href = ok.querySelector('a')!.getAttribute('href')!;
    expect(decodeURIComponent(href)).toContain('{ name = \\"sentinel.failover mymaster\\" }');
    expect(aborted).toHaveTextContent('master unchanged');
    expect(aborted).toHaveTextContent('aborted');
  });

  it('has no trace link without a Tempo datasource', () => {
    render(<FailoverTimeline events={events} />);
    expect(screen.queryByRole('link')).toBeNull();
  });
});
