// The catalog against real exporter output from a real Sentinel topology (master, replica, 3 Sentinels): on a
// healthy topology nothing fires; with 2 of 3 Sentinels stopped, RedisSentinelQuorumLost pages once per master.
// PagerDuty is a local stand-in speaking Events API v2 (support/receivers.ts); intervals are shortened through
// the generator's parameters, the alert's own `for: 30s` is kept.
import { sleep, startSentinelTopology, waitFor, type SentinelTopology } from '@redis-lens/testkit';
import { SHIPPED_PARAMS, type BundleParams } from '../src/params';
import { ROUTING, withTimings } from '../src/routing';
import { startAlertingStack, type AlertingStack } from './support/alerting-stack';

const params: BundleParams = {
  ...SHIPPED_PARAMS,
  prometheusRuleInterval: '1s',
  routing: withTimings(ROUTING, { groupWait: '1s', groupInterval: '2s', repeatInterval: '1h' }),
};

/** redis_exporter-compatible names the catalog relies on, as the exporter under test exposes them. */
const EXPECTED_SERIES = [
  'redis_up',
  'redis_instance_info{role="master"}',
  'redis_instance_info{role="slave"}',
  'redis_master_link_up',
  'redis_connected_slave_lag_seconds',
  'redis_memory_used_bytes',
  'redis_memory_max_bytes',
  'redis_evicted_keys_total',
  'redis_rejected_connections_total',
  'redis_exporter_last_scrape_error',
  'redis_sentinel_master_ckquorum_status',
];

describe('alerting on a Sentinel topology', () => {
  let topology: SentinelTopology;
  let stack: AlertingStack;

  beforeAll(async () => {
    topology = await startSentinelTopology({ replicas: 1, sentinels: 3, downAfterMs: 1000 });
    const master = await topology.master();
    const [replica] = await topology.replicas();
    stack = await startAlertingStack({
      params,
      scrapeInterval: '1s',
      redisAddresses: [master, replica, topology.sentinels[0]].map((n) => `127.0.0.1:${n.port}`),
    });
    await stack.prometheus.waitForQuery('count(redis_up == 1) == 3');
  });
  afterAll(async () => {
    await stack?.stop();
    await topology?.stop();
  });

  it('the exporter exposes every redis_exporter name the catalog queries', async () => {
    for (const series of EXPECTED_SERIES) {
      await stack.prometheus.waitForQuery(series, undefined, { timeoutMs: 15_000 });
    }
  });

  it('nothing fires or is pending on a healthy topology', async () => {
    // Five rule evaluations (1s each) after every target is up.
    await sleep(5_000);
    expect(await stack.prometheus.alerts()).toEqual([]);
  });

  it('2 of 3 Sentinels stopped → RedisSentinelQuorumLost pages once for the master', async () => {
    await topology.sentinels[1].process.stop();
    await topology.sentinels[2].process.stop();
    await stack.prometheus.waitForQuery('redis_sentinel_master_ckquorum_status == 0', undefined, { timeoutMs: 30_000 });
    const page = await waitFor(
      'a PagerDuty trigger for RedisSentinelQuorumLost',
      () =>
        stack.pagerduty.received.find(
          (r) => r.body.event_action === 'trigger' && r.body.payload?.summary.includes('RedisSentinelQuorumLost'),
        )?.body,
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    expect(page.payload?.summary).toContain(topology.masterName);
    // Three more group intervals: still one page (one group per master, however many Sentinels report it).
    await sleep(6_000);
    const pages = stack.pagerduty.received.filter((r) => r.body.payload?.summary.includes('RedisSentinelQuorumLost'));
    expect(pages).toHaveLength(1);
    expect(stack.pagerduty.rejected).toEqual([]);
  });
});
