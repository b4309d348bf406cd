import { PanelPlugin } from '@grafana/data';
import { FailoverPanel, FailoverPanelOptions } from './FailoverPanel';

export const plugin = new PanelPlugin<FailoverPanelOptions>(FailoverPanel).setPanelOptions((builder) =>
  builder.addNumberInput({
    path: 'matchWindowSeconds',
    name: 'Match window (s)',
    description: 'A failover counter increment and a master change this close are one failover',
    defaultValue: 60,
  })
);
