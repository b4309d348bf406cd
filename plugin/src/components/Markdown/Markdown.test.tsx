import React from 'react';
import { render, screen } from '@testing-library/react';
import { testIds } from '../../testIds';
import { Markdown } from './Markdown';

describe('Markdown', () => {
  it('renders runbook markdown as elements and never as HTML', () => {
    render(
      <Markdown
        source={
          '# T\n\n## Diagnosis\n1. Check <img src=x onerror="window.__xss=1">\n   ```bash\n   redis-cli PING\n   ```\n\nSee [docs](https://redis.io) and [x](javascript:alert(1)).\n'
        }
      />
    );
    const root = screen.getByTestId(testIds.runbook.steps);
    expect(screen.getByRole('heading', { name: 'Diagnosis' }).tagName).toBe('H3');
    expect(root.querySelector('ol li pre code')).toHaveTextContent('redis-cli PING');
    expect(root.querySelector('img')).toBeNull();
    expect(root).toHaveTextContent('<img src=x onerror="window.__xss=1">');
    expect(screen.getByRole('link', { name: /docs/ })).toHaveAttribute('href', 'https://redis.io/');
    expect(root.querySelectorAll('a')).toHaveLength(1);
  });
});
