import React from 'react';
import { render, screen } from '@testing-library/react';
import { displayable, KeyText, MAX_KEY_CHARS } from './KeyText';

describe('KeyText', () => {
  it('renders HTML in a key as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.__xss=1"><script>alert(1)</script>';
    const { container } = render(<KeyText text={hostile} />);
    expect(screen.getByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
  });

  it('cuts very long keys and keeps more of them in the tooltip', () => {
    const long = 'k'.repeat(100_000);
    render(<KeyText text={long} />);
    const shown = screen.getByTitle('k'.repeat(4 * MAX_KEY_CHARS));
    expect(shown.textContent).toHaveLength(MAX_KEY_CHARS + 1);
    expect(shown.textContent?.endsWith('…')).toBe(true);
  });

  it('keeps unicode and makes control characters visible', () => {
    render(<KeyText text={'用户:ключ:🔑\n\u0000'} />);
    expect(screen.getByText('用户:ключ:🔑\\x0a\\x00')).toBeInTheDocument();
    expect(displayable('a\u001bb')).toBe('a\\x1bb');
  });
});
