import React from 'react';
import { render, screen } from '@testing-library/react';
import { Forecast } from '../../data/memory';
import { testIds } from '../../testIds';
import { MemoryForecast } from './MemoryForecast';

const forecast = (instance: string, extra: Partial<Forecast>): Forecast => ({ instance, usedTrend: [], ...extra });

describe('MemoryForecast', () => {
  it('marks an instance under the threshold and shows limit, source, growth, policy and coverage', () => {
    render(
      <MemoryForecast
        thresholdSeconds={4 * 3600}
        forecasts={[
          forecast('a:9121', {
            timeToFullSeconds: 3 * 3600 + 20 * 60,
            usedBytes: 24 * 1024 * 1024,
            limitBytes: 32 * 1024 * 1024,
            limitSource: 'maxmemory',
            growthBytesPerSecond: 700,
            policy: 'allkeys-lru',
            usedTrend: [1, 2, 3],
          }),
          forecast('b:9121', { timeToFullSeconds: Infinity }),
        ]}
        coverage={[{ instance: 'a:9121', db: 'db0', ratio: 0.125, sampledKeys: 500 }]}
      />
    );
    const [a, b] = screen.getAllByTestId(testIds.memory.forecastRow);
    expect(a).toHaveTextContent('3 h 20 min');
    expect(a).toHaveTextContent('< 4 h');
    expect(a).toHaveTextContent('24 MiB / 32 MiB (maxmemory)');
    expect(a).toHaveTextContent('700 B/s');
    expect(a).toHaveTextContent('allkeys-lru');
    expect(a).toHaveTextContent('db0 12.5 % (500 keys)');
    expect(a.querySelector('svg')).not.toBeNull();
    expect(b).toHaveTextContent('not growing');
    expect(b).not.toHaveTextContent('<');
  });
});
