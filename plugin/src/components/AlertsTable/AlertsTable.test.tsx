import React from 'react';
import { render, screen } from '@testing-library/react';
import { testIds } from '../../testIds';
import { AlertsTable } from './AlertsTable';

describe('AlertsTable', () => {
  it('shows state, severity, summary and a runbook link per rule', () => {
    render(
      <AlertsTable
        rows={[
          {
            name: 'RedisDown',
            group: 'redis',
            state: 'firing',
            severity: 'critical',
            since: Date.now() - 60_000,
            summary: 'Redis <b>down</b>',
            runbookUrl: 'https://runbooks.example/redis-down',
            instances: 2,
          },
          { name: 'RedisHotKey', group: 'redis', state: 'inactive', severity: '', summary: '', instances: 0 },
        ]}
      />
    );
    const [firing, inactive] = screen.getAllByTestId(testIds.alerts.row);
    expect(firing).toHaveTextContent('firing ×2');
    expect(firing).toHaveTextContent('critical');
    expect(firing).toHaveTextContent('Redis <b>down</b>');
    expect(screen.getByRole('link', { name: /runbook/ })).toHaveAttribute(
      'href',
      'https://runbooks.example/redis-down'
    );
    expect(inactive).toHaveTextContent('inactive');
    expect(inactive.querySelector('a')).toBeNull();
  });
});
