import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { findRunbook } from '../../data/runbooks';
import { testIds } from '../../testIds';
import { RunbookContext } from './RunbookContext';

const series = (labels: Record<string, string>, values: number[]) => ({
  labels,
  points: values.map((v, i) => [i * 1000, v] as [number, number]),
});

jest.mock('../../hooks/usePrometheus', () => ({ usePrometheusUid: () => ({ uid: 'prom' }) }));
jest.mock('../../api/loaders', () => ({
  loadExpression: jest.fn(async () => [
    series({ instance: '10.0.0.1:6379' }, [0.5, 0.95]),
    series({ instance: '10.0.0.2:6379' }, [0.1, 0.1]),
  ]),
  loadMemory: jest.fn(async () => ({
    used: [series({ instance: '10.0.0.1:6379' }, [100, 2048])],
    ratio: [series({ instance: '10.0.0.1:6379' }, [0.5, 0.95])],
    evictedPerSecond: [series({ instance: '10.0.0.1:6379' }, [0, 3])],
  })),
  loadInstances: jest.fn(async () => []),
  loadTopology: jest.fn(async () => [
    { masterName: 'mymaster', masterAddress: '10.0.0.1:6379', source: 'announced', replicas: [] },
    { masterName: 'other', masterAddress: '10.0.0.9:6379', source: 'announced', replicas: [] },
  ]),
  loadFailovers: jest.fn(async () => [
    { masterName: 'mymaster', time: 0, fromAddress: '10.0.0.2:6379', toAddress: '10.0.0.1:6379', result: 'success' },
  ]),
  loadHotKeys: jest.fn(async () => []),
}));

const window = { from: 0, to: 60_000 };

describe('RunbookContext', () => {
  it('shows memory, evictions and the alert expression for the instance in the URL only', async () => {
    render(
      <RunbookContext
        entry={findRunbook('RedisMemoryNearMaxmemory')!}
        labels={{ instance: '10.0.0.1:6379' }}
        window={window}
      />
    );
    const sections = screen.getAllByTestId(testIds.runbook.section).map((s) => s.getAttribute('data-context'));
    expect(sections).toEqual(['memory', 'expression']);
    await waitFor(() => expect(screen.getByTestId(testIds.runbook.memory)).toHaveTextContent('2 KiB'));
    expect(screen.getByTestId(testIds.runbook.memory)).toHaveTextContent('95%');
    const expression = screen.getByTestId(testIds.runbook.expression);
    expect(expression).toHaveTextContent('10.0.0.1:6379');
    expect(expression).not.toHaveTextContent('10.0.0.2:6379');
  });

  it('shows the alert group topology and its failovers, and says when a source is empty', async () => {
    render(
      <MemoryRouter>
        <RunbookContext
          entry={findRunbook('RedisFailoverHappened')!}
          labels={{ master_name: 'mymaster' }}
          window={window}
        />
      </MemoryRouter>
    );
    await waitFor(() => expect(screen.getByTestId(testIds.topology.master)).toHaveTextContent('10.0.0.1:6379'));
    expect(screen.getAllByTestId(testIds.topology.group)).toHaveLength(1);
    expect(screen.getByTestId(testIds.timeline.event)).toHaveTextContent('10.0.0.2:6379 → 10.0.0.1:6379');
  });
});
