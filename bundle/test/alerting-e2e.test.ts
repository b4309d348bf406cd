// End to end on real processes: redis-server → exporter → Prometheus with the generated rules → Alertmanager with
// the generated config → PagerDuty / Slack. PagerDuty and Slack cannot be reached from here, so local HTTP
// stand-ins that accept their real payload shapes (support/receivers.ts) receive the notifications.
// Intervals are shortened through the generator's parameters; the shipped files keep production values.
import { sleep, waitFor } from '@redis-lens/testkit';
import { ALERTS } from '../src/alerts';
import { SHIPPED_PARAMS, type BundleParams } from '../src/params';
import { expandedRunbookUrl } from '../src/runbook-url';
import { ROUTING, withTimings } from '../src/routing';
import { startAlertingStack, TEST_ROUTING_KEY, type AlertingStack } from './support/alerting-stack';
import type { PagerDutyEvent } from './support/receivers';

const GROUP_INTERVAL_MS = 2_000;
const params: BundleParams = {
  ...SHIPPED_PARAMS,
  prometheusRuleInterval: '1s',
  routing: withTimings(ROUTING, {
    groupWait: '1s',
    groupInterval: `${GROUP_INTERVAL_MS / 1000}s`,
    repeatInterval: '1h',
  }),
};
const redisDown = ALERTS.find((a) => a.name === 'RedisDown')!;

describe('alerting end to end', () => {
  let stack: AlertingStack;
  beforeAll(async () => {
    stack = await startAlertingStack({ params, scrapeInterval: '1s' });
    await stack.prometheus.waitForQuery('redis_up == 1');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const pages = (action: PagerDutyEvent['event_action']) =>
    stack.pagerduty.received.map((r) => r.body).filter((e) => e.event_action === action);

  it('kill Redis → PagerDuty gets one page with the runbook link; restore → resolved', async () => {
    await stack.redis[0].process.stop();

    const [page] = await waitFor(
      'a PagerDuty trigger for RedisDown',
      () => {
        const found = pages('trigger').filter((e) => e.payload?.summary.includes('RedisDown'));
        return found.length ? found : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(page.routing_key).toBe(TEST_ROUTING_KEY);
    expect(page.payload?.severity).toBe('critical');
    expect(page.payload?.summary).toContain('Redis 127.0.0.1');
    // The runbook page in the app plugin for this very instance, its labels expanded and escaped by Prometheus.
    const instance = stack.exporters[0].address;
    const runbook = expandedRunbookUrl(redisDown, params, { instance, job: 'redis' });
    expect(runbook).toMatch(
      /^http:\/\/localhost:3000\/a\/redislens-redis-app\/runbooks\/RedisDown\?alertname=RedisDown&instance=127\.0\.0\.1%3A\d+&job=redis$/,
    );
    expect(page.links?.[0].href).toBe(runbook);
    expect(page.payload?.custom_details?.runbook_url).toBe(runbook);
    expect(page.dedup_key).toBeTruthy();

    // Still down for several group intervals: Alertmanager must not page again before repeat_interval (1h).
    await sleep(GROUP_INTERVAL_MS * 3);
    expect(pages('trigger').filter((e) => e.dedup_key === page.dedup_key)).toHaveLength(1);

    await stack.redis[0].restart();
    const resolved = await waitFor(
      'a PagerDuty resolve for the same incident',
      () => pages('resolve').find((e) => e.dedup_key === page.dedup_key),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(resolved.routing_key).toBe(TEST_ROUTING_KEY);

    expect(pages('resolve').filter((e) => e.dedup_key === page.dedup_key)).toHaveLength(1);
    expect(stack.pagerduty.rejected).toEqual([]);
    // A critical alert never goes to Slack.
    expect(stack.slack.received.filter((m) => JSON.stringify(m.body).includes('RedisDown'))).toEqual([]);
  });

  it('a warning goes to Slack (not PagerDuty) with the runbook link', async () => {
    const alert = ALERTS.find((a) => a.severity === 'warning')!;
    const url = expandedRunbookUrl(alert, params, { instance: 'redis-9:9121' });
    // Posted straight to Alertmanager's v2 API, as Prometheus does: the warnings in the catalog take minutes to fire.
    const response = await fetch(`${stack.alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: alert.name, severity: 'warning', instance: 'redis-9:9121' },
          annotations: { summary: 'test warning', description: 'posted by the test', runbook_url: url },
        },
      ]),
    });
    expect(response.status).toBe(200);
    const message = await waitFor(
      'a Slack message',
      () => stack.slack.received.find((m) => JSON.stringify(m.body).includes(alert.name)),
      { timeoutMs: 30_000 },
    );
    expect(JSON.stringify(message.body)).toContain(url);
    expect(stack.slack.rejected).toEqual([]);
    expect(stack.pagerduty.received.filter((e) => e.body.payload?.summary.includes(alert.name))).toEqual([]);
  });
});
