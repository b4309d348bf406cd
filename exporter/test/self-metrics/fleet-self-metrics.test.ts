import { startRedis, waitFor, type RedisServer } from '@redis-lens/testkit';
import type { RunningExporter } from '../../src/service';
import { scrape, series, startTestExporter } from '../helpers';

/**
 * The self-metrics an operator sizes a fleet exporter by, against real Redis servers: event-loop delay, scrapes in
 * flight, the latest scrape duration per pooled target, pool size and its evictions by reason.
 */
describe('fleet self-metrics on /metrics', () => {
  const servers: RedisServer[] = [];
  let exporter: RunningExporter | undefined;
  const target = (s: RedisServer) => `redis://127.0.0.1:${s.port}`;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) servers.push(await startRedis());
  });
  afterAll(async () => {
    await exporter?.stop();
    await Promise.allSettled(servers.map((s) => s.stop()));
  });

  it('reports event-loop delay, in-flight scrapes, per-target durations and LRU/idle evictions', async () => {
    exporter = await startTestExporter([
      ...['--redis.addr', target(servers[0]), '--scrape.allowed-targets', 'redis://127.0.0.1'],
      ...['--scrape.pool-size', '2', '--scrape.pool-idle-timeout', '2s'],
    ]);
    for (const s of servers.slice(0, 2))
      expect((await scrape(exporter, `/scrape?target=${target(s)}`)).status).toBe(200);
    let { metrics } = await scrape(exporter);
    expect(series(metrics, 'redis_exporter_event_loop_delay_seconds').map((s) => s.labels)).toEqual([
      '{quantile="0.5"}',
      '{quantile="0.9"}',
      '{quantile="0.99"}',
      '{quantile="1"}',
    ]);
    for (const s of series(metrics, 'redis_exporter_event_loop_delay_seconds'))
      expect(s.value).toBeGreaterThanOrEqual(0);
    expect(metrics.get('redis_exporter_event_loop_utilization_ratio')).toBeGreaterThan(0);
    // This /metrics collection is itself a scrape in flight.
    expect(metrics.get('redis_exporter_scrapes_in_flight')).toBe(1);
    const durations = series(metrics, 'redis_exporter_target_last_scrape_duration_seconds');
    expect(durations.map((d) => d.labels).sort()).toEqual(
      servers
        .slice(0, 2)
        .map((s) => `{target="${target(s)}",auth_module=""}`)
        .sort(),
    );
    for (const d of durations) expect(d.value).toBeGreaterThan(0);
    expect(metrics.get('redis_exporter_scrape_pool_targets')).toBe(2);
    expect(metrics.get('redis_exporter_scrape_pool_max_targets')).toBe(2);
    expect(metrics.get('redis_exporter_scrape_pool_evictions_total{reason="lru"}')).toBe(0);

    // A third target over a pool of 2: the least recently used one is let go and leaves the per-target series.
    await scrape(exporter, `/scrape?target=${target(servers[2])}`);
    ({ metrics } = await scrape(exporter));
    expect(metrics.get('redis_exporter_scrape_pool_evictions_total{reason="lru"}')).toBe(1);
    expect(
      metrics.get(`redis_exporter_target_last_scrape_duration_seconds{target="${target(servers[0])}",auth_module=""}`),
    ).toBeUndefined();
    expect(
      metrics.get(`redis_exporter_target_last_scrape_duration_seconds{target="${target(servers[2])}",auth_module=""}`),
    ).toBeGreaterThan(0);

    // Unused past --scrape.pool-idle-timeout: both remaining ones close as idle.
    await waitFor(
      'idle evictions',
      async () =>
        (await scrape(exporter!)).metrics.get('redis_exporter_scrape_pool_evictions_total{reason="idle"}') === 2,
      { timeoutMs: 20_000 },
    );
    ({ metrics } = await scrape(exporter));
    expect(metrics.get('redis_exporter_scrape_pool_targets')).toBe(0);
    expect(series(metrics, 'redis_exporter_target_last_scrape_duration_seconds')).toEqual([]);
  });

  it('counts concurrent target scrapes in flight while a slow target holds them', async () => {
    // A server paused with DEBUG SLEEP answers late: scrapes of it stay in flight meanwhile.
    const slow = servers[1];
    const sleeping = slow.command('DEBUG', 'SLEEP', '1.5');
    await new Promise((r) => setTimeout(r, 100));
    const pending = [0, 1, 2].map(() => scrape(exporter!, `/scrape?target=${target(slow)}`));
    await new Promise((r) => setTimeout(r, 300));
    const { metrics } = await scrape(exporter!);
    expect(metrics.get('redis_exporter_scrapes_in_flight')).toBe(4); // three waiting + this /metrics
    await sleeping;
    for (const r of await Promise.all(pending)) expect(r.status).toBe(200);
    expect((await scrape(exporter!)).metrics.get('redis_exporter_scrapes_in_flight')).toBe(1);
  });
});
