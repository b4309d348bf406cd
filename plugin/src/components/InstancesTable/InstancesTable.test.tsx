import React from 'react';
import { render, screen } from '@testing-library/react';
import { buildInstances } from '../../data/instances';
import { testIds } from '../../testIds';
import { InstancesTable } from './InstancesTable';

describe('InstancesTable', () => {
  it('joins redis_up with redis_instance_info and shows up/down with role', () => {
    const point = (v: number): Array<[number, number]> => [[1, v]];
    const rows = buildInstances(
      [
        { labels: { instance: 'b:6379' }, points: point(0) },
        { labels: { instance: 'a:6379' }, points: point(1) },
      ],
      [{ labels: { instance: 'a:6379', role: 'master', redis_version: '7.0.15' }, points: point(1) }]
    );
    render(<InstancesTable rows={rows} />);
    const [a, b] = screen.getAllByTestId(testIds.instances.row);
    expect(a).toHaveTextContent('a:6379upmaster7.0.15');
    expect(b).toHaveTextContent('down');
    expect(b).toHaveTextContent('unknown');
  });
});
