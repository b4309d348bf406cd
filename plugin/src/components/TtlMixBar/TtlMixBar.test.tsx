import React from 'react';
import { render, screen } from '@testing-library/react';
import { testIds } from '../../testIds';
import { TtlMixBar } from './TtlMixBar';

describe('TtlMixBar', () => {
  it('stacks the buckets by share, no TTL first, and says the shares in words', () => {
    render(<TtlMixBar mix={{ lt_1h: 100, none: 300 }} />);
    const bar = screen.getByTestId(testIds.memory.ttlMix);
    expect(bar).toHaveAttribute('aria-label', 'no TTL 75 %, < 1 h 25 %');
    expect([...bar.children].map((c) => (c as HTMLElement).style.width)).toEqual(['75%', '25%']);
  });

  it('shows a dash without a TTL breakdown', () => {
    const { container } = render(<TtlMixBar mix={{}} />);
    expect(container).toHaveTextContent('–');
  });
});
