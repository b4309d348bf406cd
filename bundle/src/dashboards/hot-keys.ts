import { newDashboard, pluginPanel, statPanel, tablePanel, timeSeries } from './panels';
import { HOT_KEY_ACCESSES_PER_MINUTE } from '../alerts';

export function hotKeys() {
  return newDashboard(
    'redislens-hotkeys',
    'Redis hot keys',
    `Keys by access rate (client side) and LFU frequency (server side). Keys are redacted unless raw keys are allowed. Alert threshold: ${HOT_KEY_ACCESSES_PER_MINUTE}/min.`,
  )
    .withPanel(
      pluginPanel('redislens-hotkeys-panel', 'Hot keys', [
        { expr: 'topk(20, redislens_hotkey_rate)', legend: '{{key}}' },
        { expr: 'topk(20, redis_hotkey_lfu_frequency)', legend: '{{key}}' },
      ]),
    )
    .withPanel(statPanel('Keys over threshold', 'short', { expr: 'sum(redislens_hotkeys_over_threshold)' }))
    .withPanel(
      statPanel('Server-side scan', 'none', { expr: 'max by (reason) (redis_hotkeys_available)', legend: '{{reason}}' }, 4,
        'The LFU scan needs an *-lfu maxmemory-policy (reason no_lfu_policy otherwise).'),
    )
    .withPanel(
      timeSeries('Hottest patterns (accesses / min)', 'short', [
        { expr: 'topk(10, max by (pattern) (redislens_hotkey_rate))', legend: '{{pattern}}' },
      ], 16),
    )
    .withPanel(
      tablePanel('Top keys by client access rate', [{ expr: 'topk(20, redislens_hotkey_rate)' }]),
    )
    .withPanel(
      tablePanel('Top keys by LFU frequency', [{ expr: 'topk(20, redis_hotkey_lfu_frequency)' }]),
    );
}
