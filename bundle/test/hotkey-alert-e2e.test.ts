// End to end for RedisHotKey on real processes: redis-server (allkeys-lfu, default lfu-log-factor and decay) with
// keys driven at known rates → the exporter's access-rate estimate → Prometheus evaluating the generated rule →
// Alertmanager → the Slack stand-in (warnings go to Slack; Slack cannot be reached from here). The rule's `for` is
// shortened from 2m to 5s so the test takes seconds, and the exporter reads the counters every 500 ms.
import { driveRates, waitFor } from '@redis-lens/testkit';
import { alertsFor, hotKeyAlert, HOT_KEY_ACCESSES_PER_MINUTE } from '../src/alerts';
import { SHIPPED_PARAMS, type BundleParams } from '../src/params';
import { ROUTING, withTimings } from '../src/routing';
import { startAlertingStack, type AlertingStack } from './support/alerting-stack';

const params: BundleParams = {
  ...SHIPPED_PARAMS,
  prometheusRuleInterval: '1s',
  routing: withTimings(ROUTING, { groupWait: '1s', groupInterval: '2s', repeatInterval: '1h' }),
};
const alerts = alertsFor(params).map((a) =>
  a.name === 'RedisHotKey' ? { ...hotKeyAlert(params.hotKeyAccessesPerMinute), for: '5s' } : a,
);

describe('RedisHotKey end to end', () => {
  let stack: AlertingStack;
  beforeAll(async () => {
    stack = await startAlertingStack({
      params,
      alerts,
      scrapeInterval: '1s',
      redisConfig: ['maxmemory-policy allkeys-lfu'],
      // Two keys, one per name: their names show because they are declared (a learned name needs k keys).
      exporterArgs: [
        '--hotkeys.interval=500ms',
        '--hotkeys.top-n=5',
        '--hotkeys.rate-window=1m',
        '--redaction.patterns',
        'product:{id}',
        'cart:{id}',
      ],
    });
    await stack.prometheus.waitForQuery('redis_hotkeys_available{reason="ok"} == 1');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('a key above 1,000 accesses/min fires RedisHotKey (source server_estimate); a 150/min key does not', async () => {
    expect(params.hotKeyAccessesPerMinute).toBe(HOT_KEY_ACCESSES_PER_MINUTE);
    const client = stack.redis[0].client();
    let fired = false;
    try {
      await client.mset('product:42', 'v', 'cart:7', 'v');
      const driving = driveRates(
        client,
        { 'product:42': 6000, 'cart:7': 150 },
        { durationMs: 90_000, until: () => fired },
      );
      const alert = await waitFor(
        'RedisHotKey firing in Prometheus',
        async () =>
          (await stack.prometheus.alerts()).find((a) => a.labels.alertname === 'RedisHotKey' && a.state === 'firing'),
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      expect(alert.labels).toMatchObject({ pattern: 'product:{id}', source: 'server_estimate', severity: 'warning' });
      const [estimate] = await stack.prometheus.query('redis_hotkey_accesses_per_minute{pattern="product:{id}"}');
      expect(Number(estimate.value[1])).toBeGreaterThan(HOT_KEY_ACCESSES_PER_MINUTE);
      const message = await waitFor(
        'the RedisHotKey Slack message',
        () => stack.slack.received.find((m) => JSON.stringify(m.body).includes('RedisHotKey')),
        { timeoutMs: 30_000 },
      );
      expect(JSON.stringify(message.body)).toContain('product:{id}');
      fired = true;
      await driving;
      const active = (await stack.prometheus.alerts()).filter((a) => a.labels.alertname === 'RedisHotKey');
      expect(active.map((a) => a.labels.pattern)).toEqual(['product:{id}']);
    } finally {
      fired = true;
      client.disconnect();
    }
  }, 180_000);
});
