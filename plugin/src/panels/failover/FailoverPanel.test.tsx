import React from 'react';
import { render, screen } from '@testing-library/react';
import { FieldType, PanelData, toDataFrame } from '@grafana/data';
import { panelTestProps } from '../panelTestProps';
import { testIds } from '../../testIds';
import { FailoverPanel } from './FailoverPanel';

function frame(labels: Record<string, string>, points: Array<[number, number | null]>) {
  return toDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map(([t]) => t) },
      { name: 'Value', type: FieldType.number, values: points.map(([, v]) => v), labels },
    ],
  });
}

function renderPanel(data: Partial<PanelData>) {
  return render(<FailoverPanel {...panelTestProps(data, { matchWindowSeconds: 60 })} />);
}

describe('FailoverPanel', () => {
  it('shows the current master and the change from master address series', () => {
    renderPanel({
      series: [
        frame({ master_name: 'mymaster', master_address: '10.0.0.1:6379' }, [
          [1000, 1],
          [2000, 1],
          [3000, null],
        ]),
        frame({ master_name: 'mymaster', master_address: '10.0.0.2:6379' }, [
          [1000, null],
          [2000, null],
          [3000, 1],
        ]),
      ],
    });
    expect(screen.getByTestId(testIds.topology.master)).toHaveTextContent('10.0.0.2:6379');
    expect(screen.getByTestId(testIds.timeline.event)).toHaveTextContent('10.0.0.1:6379 → 10.0.0.2:6379');
  });

  it('explains what it needs when the query returns other series', () => {
    renderPanel({ series: [frame({ instance: 'x' }, [[1, 1]])] });
    expect(screen.getByTestId(testIds.state.empty)).toHaveTextContent('`master_name` and `master_address`');
  });
});
