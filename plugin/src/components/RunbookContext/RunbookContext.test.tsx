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
  loadMemoryModel: jest.fn(async () => ({
    patterns: [
      {
        instance: '127.0.0.1:9121',
        keyGroup: 'session:{id}',
        bytes: 4096,
        bytesError: 256,
        ttl: { none: 1 },
        trend: [1024, 4096],
        growth: 3072,
        biggest: [],
      },
    ],
    forecasts: [
      {
        instance: '127.0.0.1:9121',
        timeToFullSeconds: 3600,
        limitBytes: 8192,
        limitSource: 'maxmemory',
        policy: 'allkeys-lru',
        usedTrend: [],
      },
    ],
    coverage: [{ instance: '127.0.0.1:9121', db: '0', ratio: 0.5 }],
    shards: [],
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
    expect(sections).toEqual(['memory', 'patterns', 'expression']);
    await waitFor(() => expect(screen.getByTestId(testIds.runbook.memory)).toHaveTextContent('2 KiB'));
    expect(screen.getByTestId(testIds.runbook.memory)).toHaveTextContent('95%');
    const expression = screen.getByTestId(testIds.runbook.expression);
    expect(expression).toHaveTextContent('10.0.0.1:6379');
    expect(expression).not.toHaveTextContent('10.0.0.2:6379');
  });

  it('RedisMemoryFullIn: the forecast with policy and limit, and the patterns that grew with their band', async () => {
    render(
      <RunbookContext
        entry={findRunbook('RedisMemoryFullIn')!}
        labels={{ instance: '127.0.0.1:9121', job: 'redis' }}
        window={window}
      />
    );
    await waitFor(() => expect(screen.getByTestId(testIds.memory.forecastRow)).toHaveTextContent('1 h'));
    expect(screen.getByTestId(testIds.memory.forecastRow)).toHaveTextContent('allkeys-lru');
    expect(screen.getByTestId(testIds.memory.forecastRow)).toHaveTextContent('(maxmemory)');
    expect(screen.getByTestId(testIds.memory.growers)).toHaveTextContent('session:{id}');
    expect(screen.getByTestId(testIds.memory.band)).toHaveTextContent('4 KiB ± 256 B');
    expect(screen.getByTestId(testIds.memory.ttlMix)).toHaveAttribute('aria-label', 'no TTL 100 %');
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
