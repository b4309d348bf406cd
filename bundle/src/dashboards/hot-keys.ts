import { newDashboard, pluginPanel, statPanel, tablePanel, timeSeries } from './panels';
import { HOT_KEY_ACCESSES_PER_MINUTE } from '../alerts';

/** Both sources in accesses/min: the exporter's estimate from the LFU counter, and the library's measured rate. */
const RATES = 'redis_hotkey_accesses_per_minute or redislens_hotkey_rate';

export function hotKeys() {
  return newDashboard(
    'redislens-hotkeys',
    'Redis hot keys',
    `Keys by accesses/min: estimated server side from the LFU counter (source server_estimate, with its error ratio) and measured client side (source client_measured, with the share of the window measured). Keys are redacted unless raw keys are allowed. Alert threshold: ${HOT_KEY_ACCESSES_PER_MINUTE}/min.`,
  )
    .withPanel(
      // Rates first; the panel reads the confidence series (error ratio, coverage) beside them by metric name.
      pluginPanel('redislens-hotkeys-panel', 'Hot keys (accesses / min)', [
        { expr: `topk(20, ${RATES})`, legend: '{{key}}' },
        { expr: 'redis_hotkey_accesses_per_minute_error_ratio', legend: '{{key}}' },
        { expr: 'redislens_hotkey_rate_coverage', legend: '{{key}}' },
      ]),
    )
    .withPanel(
      statPanel('Keys over threshold', 'short', {
        expr: `count((${RATES}) > ${HOT_KEY_ACCESSES_PER_MINUTE}) or vector(0)`,
      }),
    )
    .withPanel(
      statPanel('Server-side scan', 'none', { expr: 'max by (reason) (redis_hotkeys_available)', legend: '{{reason}}' }, 4,
        'The LFU scan needs an *-lfu maxmemory-policy (reason no_lfu_policy otherwise).'),
    )
    .withPanel(
      timeSeries('Hottest patterns (accesses / min)', 'short', [
        { expr: `topk(10, max by (pattern, source) (${RATES}))`, legend: '{{pattern}} ({{source}})' },
      ], 16),
    )
    .withPanel(
      tablePanel('Top keys by accesses / min', [{ expr: `topk(20, ${RATES})` }]),
    )
    .withPanel(
      tablePanel('Top keys by LFU counter (OBJECT FREQ, raw)', [{ expr: 'topk(20, redis_hotkey_lfu_frequency)' }]),
    );
}
