import React from 'react';
import { render, screen } from '@testing-library/react';
import { testIds } from '../../testIds';
import { StateView } from './StateView';

describe('StateView', () => {
  it('shows the error over anything else', () => {
    render(
      <StateView error="HTTP 502: connection refused" empty emptyText="nothing">
        content
      </StateView>
    );
    expect(screen.getByTestId(testIds.state.error)).toHaveTextContent('HTTP 502: connection refused');
    expect(screen.queryByText('content')).toBeNull();
  });

  it('shows loading, then the empty text with its hint, then content', () => {
    const { rerender } = render(<StateView loading empty emptyText="No hot keys" />);
    expect(screen.getByTestId(testIds.state.loading)).toBeInTheDocument();
    rerender(<StateView empty emptyText="No hot keys" emptyHint="Needs redis_hotkey_lfu_frequency" />);
    expect(screen.getByTestId(testIds.state.empty)).toHaveTextContent('No hot keysNeeds redis_hotkey_lfu_frequency');
    rerender(<StateView emptyText="No hot keys">content</StateView>);
    expect(screen.getByText('content')).toBeInTheDocument();
  });
});
