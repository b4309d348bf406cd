import { getDefaultTimeRange, LoadingState, PanelData, PanelProps } from '@grafana/data';

/** The props Grafana hands a panel, for tests: finished query, default time range, a 600×300 box. */
export function panelTestProps<T>(data: Partial<PanelData>, options: T): PanelProps<T> {
  return {
    data: { state: LoadingState.Done, series: [], timeRange: getDefaultTimeRange(), ...data },
    options,
    width: 600,
    height: 300,
  } as unknown as PanelProps<T>;
}
