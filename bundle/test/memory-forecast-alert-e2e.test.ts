// End to end for RedisMemoryFullIn on real processes: redis-server (maxmemory 32 MB, allkeys-lru) filled steadily by
// a bounded writer → the exporter's forecast (redis_memory_time_to_full_seconds, over a short
// --memory.forecast-window so the test takes seconds instead of 30 minutes) → Prometheus evaluating the generated
// rule → Alertmanager → the Slack stand-in (warnings go to Slack; Slack cannot be reached from here). The alert must
// fire while Redis has not evicted a single key. The shipped 4 h threshold is kept (a 32 MB Redis filling in about a
// minute is well inside it); only the rule's `for` is shortened from 5m to 3s.
import { sleep, waitFor, type RedisServer } from '@redis-lens/testkit';
import { alertsFor } from '../src/alerts';
import { memoryFullInAlert, MEMORY_FULL_IN_SECONDS } from '../src/memory-alerts';
import { SHIPPED_PARAMS, type BundleParams } from '../src/params';
import { ROUTING, withTimings } from '../src/routing';
import { startAlertingStack, type AlertingStack } from './support/alerting-stack';

const MAXMEMORY = 32 * 1024 * 1024;
const params: BundleParams = {
  ...SHIPPED_PARAMS,
  prometheusRuleInterval: '1s',
  routing: withTimings(ROUTING, { groupWait: '1s', groupInterval: '2s', repeatInterval: '1h' }),
};
const alerts = alertsFor(params).map((a) =>
  a.name === 'RedisMemoryFullIn' ? { ...memoryFullInAlert(params.memoryFullInSeconds), for: '3s' } : a,
);

/** Writes 1 KB values in small pipelines (~600 KB/s) until `stop()` says so, a byte budget or a deadline. */
async function fill(client: ReturnType<RedisServer['client']>, stop: () => Promise<boolean>) {
  const value = 'x'.repeat(1024);
  const deadline = Date.now() + 120_000;
  let written = 0;
  // Never more than 90 % of maxmemory in values: the test must end before Redis would evict.
  const maxKeys = Math.floor((MAXMEMORY * 0.9) / 1100);
  while (written < maxKeys && Date.now() < deadline && !(await stop())) {
    const pipeline = client.pipeline();
    for (let i = 0; i < 128 && written < maxKeys; i++, written++) pipeline.set(`fill:${written}`, value);
    await pipeline.exec();
    await sleep(200);
  }
  return written;
}

describe('RedisMemoryFullIn end to end', () => {
  let stack: AlertingStack;
  beforeAll(async () => {
    stack = await startAlertingStack({
      params,
      alerts,
      scrapeInterval: '1s',
      redisConfig: [`maxmemory ${MAXMEMORY}`, 'maxmemory-policy allkeys-lru'],
      exporterArgs: ['--memory.forecast-window=15s', '--redaction.patterns', 'fill:{id}'],
    });
    await stack.prometheus.waitForQuery('redis_memory_limit_bytes{source="maxmemory"}', undefined, {
      timeoutMs: 60_000,
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('a Redis filling towards maxmemory fires RedisMemoryFullIn before it evicts a key', async () => {
    expect(params.memoryFullInSeconds).toBe(MEMORY_FULL_IN_SECONDS);
    const [limit] = await stack.prometheus.query('redis_memory_limit_bytes{source="maxmemory"}');
    expect(Number(limit.value[1])).toBe(MAXMEMORY);
    const client = stack.redis[0].client();
    let firing = false;
    try {
      const isFiring = async () =>
        (firing ||= (await stack.prometheus.alerts()).some(
          (a) => a.labels.alertname === 'RedisMemoryFullIn' && a.state === 'firing',
        ));
      const written = await fill(client, isFiring);
      expect([written, firing]).toEqual([written, true]);

      // At that moment Redis has not evicted anything — neither as Prometheus saw it nor as INFO says now.
      const evicted = await stack.prometheus.query('redis_evicted_keys_total');
      expect(evicted.map((s) => s.value[1])).toEqual(['0']);
      expect(await client.info('stats')).toMatch(/^evicted_keys:0\r?$/m);

      const [alert] = (await stack.prometheus.alerts()).filter((a) => a.labels.alertname === 'RedisMemoryFullIn');
      expect(alert.labels).toMatchObject({ instance: stack.exporters[0].address, job: 'redis', severity: 'warning' });
      const [ttf] = await stack.prometheus.query('redis_memory_time_to_full_seconds');
      expect(Number(ttf.value[1])).toBeGreaterThan(0);
      expect(Number(ttf.value[1])).toBeLessThan(MEMORY_FULL_IN_SECONDS);
      const [growth] = await stack.prometheus.query('redis_memory_growth_bytes_per_second');
      expect(Number(growth.value[1])).toBeGreaterThan(0);

      const message = await waitFor(
        'the RedisMemoryFullIn Slack message',
        () => stack.slack.received.find((m) => JSON.stringify(m.body).includes('RedisMemoryFullIn')),
        { timeoutMs: 30_000 },
      );
      expect(JSON.stringify(message.body)).toContain('runs out of memory in under 4 h');
    } finally {
      client.disconnect();
    }
  }, 240_000);
});
