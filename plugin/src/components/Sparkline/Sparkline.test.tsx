import React from 'react';
import { render } from '@testing-library/react';
import { Sparkline } from './Sparkline';

describe('Sparkline', () => {
  it('draws a line and the threshold', () => {
    const { container } = render(<Sparkline values={[1, 5, 3]} threshold={4} label="trend" />);
    expect(container.querySelector('polyline')!.getAttribute('points')!.split(' ')).toHaveLength(3);
    expect(container.querySelector('line')).not.toBeNull();
  });

  it('shows a dash for fewer than two finite points', () => {
    const { container } = render(<Sparkline values={[NaN, 2]} />);
    expect(container.querySelector('svg')).toBeNull();
    expect(container).toHaveTextContent('–');
  });
});
