import React from 'react';
import { render, screen } from '@testing-library/react';
import { FieldType, LoadingState, PanelData, toDataFrame } from '@grafana/data';
import { panelTestProps } from '../panelTestProps';
import { testIds } from '../../testIds';
import { HotKeysPanel, HotKeysPanelOptions } from './HotKeysPanel';

const options: HotKeysPanelOptions = { threshold: 1000, limit: 10, showTrend: true };

function frame(labels: Record<string, string>, values: number[]) {
  return toDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => i * 1000) },
      { name: 'Value', type: FieldType.number, values, labels },
    ],
  });
}

function renderPanel(data: Partial<PanelData>) {
  return render(<HotKeysPanel {...panelTestProps(data, options)} />);
}

describe('HotKeysPanel', () => {
  it('renders hot keys from the panel query frames in accesses/min with source, confidence and threshold', () => {
    const user = { key: 'user:{id}#ab', pattern: 'user:{id}', db: '0', source: 'server_estimate' };
    const cart = { key: 'cart:{id}#cd', pattern: 'cart:{id}', source: 'client_measured' };
    renderPanel({
      series: [
        frame({ __name__: 'redis_hotkey_accesses_per_minute', ...user }, [900, 1500]),
        frame({ __name__: 'redis_hotkey_accesses_per_minute_error_ratio', ...user }, [0.25]),
        frame({ __name__: 'redislens_hotkey_rate', ...cart }, [10, 20]),
        frame({ __name__: 'redislens_hotkey_rate_coverage', ...cart }, [0.5]),
      ],
    });
    const rows = screen.getAllByTestId(testIds.hotKeys.row);
    expect(rows[0]).toHaveTextContent('user:{id}#ab');
    expect(rows[0]).toHaveTextContent('1,500/min');
    expect(rows[0]).toHaveTextContent('server estimate');
    expect(rows[0]).toHaveTextContent('±25 %');
    expect(rows[0]).toHaveTextContent('> 1,000/min');
    expect(rows[1]).toHaveTextContent('20/min');
    expect(rows[1]).toHaveTextContent('exact over 50 % of window');
  });

  it('says which series it needs when there is no data', () => {
    renderPanel({ series: [] });
    expect(screen.getByTestId(testIds.state.empty)).toHaveTextContent('needs series with a `key` label');
  });

  it('shows partial data with a note and query errors clearly', () => {
    renderPanel({
      state: LoadingState.Error,
      errors: [{ message: 'bad_data: parse error' }],
      series: [frame({ key: 'k' }, [1]), frame({ instance: 'x' }, [1])],
    });
    expect(screen.getByTestId(testIds.state.error)).toHaveTextContent('bad_data: parse error');
    expect(screen.getByText(/Partial data: 1 series skipped/)).toBeInTheDocument();
  });

  it('renders a hostile key label as text', () => {
    const hostile = '<script>alert(1)</script>'.repeat(50);
    const { container } = renderPanel({ series: [frame({ key: hostile }, [1])] });
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getAllByTestId(testIds.hotKeys.row)[0]).toHaveTextContent('<script>alert(1)</script>');
  });
});
