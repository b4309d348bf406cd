import React from 'react';
import { render, screen } from '@testing-library/react';
import { FieldType, PanelData, toDataFrame } from '@grafana/data';
import { panelTestProps } from '../panelTestProps';
import { testIds } from '../../testIds';
import { AlertsPanel } from './AlertsPanel';

const alertsFrame = (labels: Record<string, string>) =>
  toDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: [1000, 2000] },
      { name: 'Value', type: FieldType.number, values: [1, 1], labels: { __name__: 'ALERTS', ...labels } },
    ],
  });

function renderPanel(data: Partial<PanelData>, showPending = true) {
  return render(<AlertsPanel {...panelTestProps(data, { showPending })} />);
}

describe('AlertsPanel', () => {
  it('groups ALERTS series by alert name with state and severity', () => {
    renderPanel({
      series: [
        alertsFrame({ alertname: 'RedisDown', alertstate: 'firing', severity: 'critical', instance: 'a' }),
        alertsFrame({ alertname: 'RedisDown', alertstate: 'firing', severity: 'critical', instance: 'b' }),
        alertsFrame({ alertname: 'RedisHotKey', alertstate: 'pending', severity: 'warning' }),
      ],
    });
    const rows = screen.getAllByTestId(testIds.alerts.row);
    expect(rows[0]).toHaveTextContent('RedisDown');
    expect(rows[0]).toHaveTextContent('firing ×2');
    expect(rows[1]).toHaveTextContent('pending');
  });

  it('hides pending alerts when asked and then reports no data', () => {
    renderPanel({ series: [alertsFrame({ alertname: 'RedisHotKey', alertstate: 'pending' })] }, false);
    expect(screen.getByTestId(testIds.state.empty)).toBeInTheDocument();
  });
});
