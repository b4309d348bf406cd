import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { startRedis, type RedisServer } from '@redis-lens/testkit';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { redisOptionsFor } from '../src/connection';
import { FamilyProducer, samplesToFamilies, type MetricFamily } from '../src/producer';
import { familiesToPrometheusText } from '../src/prometheus-text';
import { RedisScraper } from '../src/scrape';

/** The exporter's serializer settings (service.ts): no timestamps, no scope labels, no target_info. */
const sdk = new PrometheusSerializer(undefined, false, undefined, true, true);
const viaSdk = async (families: MetricFamily[]) =>
  sdk.serialize((await new FamilyProducer(() => families).collect()).resourceMetrics);

/** /scrape writes text directly; these tests hold it to the SDK serializer's exact bytes. */
describe('Prometheus text without the SDK (/scrape path)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
    const c = server.client();
    for (const db of [0, 3]) {
      await c.select(db);
      await c.set('k', 'v', 'EX', 100);
    }
    await c.call('NOSUCHCOMMAND').catch(() => undefined);
    c.disconnect();
  });
  afterAll(() => server?.stop());

  it('matches the SDK serializer byte for byte on a real Redis scrape', async () => {
    const config = loadConfig(['--redis.addr', server.url()], {});
    const scraper = new RedisScraper(server.url(), redisOptionsFor(server.url(), config), pino({ level: 'silent' }));
    try {
      const outcome = await scraper.scrape();
      expect(outcome.up).toBe(true);
      const families = samplesToFamilies(outcome.samples);
      const text = familiesToPrometheusText(families);
      expect(text).toContain('redis_commands_total{cmd="set"}');
      expect(text).toBe(await viaSdk(families));
    } finally {
      scraper.close();
    }
  });

  it('escapes hostile label values, drops non-finite values and keeps the last of duplicate series as the SDK does', async () => {
    const families: MetricFamily[] = [
      {
        name: 'redis_hostile',
        help: 'help with \\ backslash\nand newline',
        kind: 'gauge',
        series: [
          { labels: { key: 'a"b\\c\nd', other: 'plain' }, value: 1 },
          { labels: { key: 'x' }, value: NaN },
          { labels: { key: 'dup' }, value: 1 },
          { labels: { key: 'dup' }, value: 2 },
          { labels: { 'bad-name': 'ünïcode ✓' }, value: Infinity },
          { labels: { n: 5 as unknown as string }, value: -0.5 },
        ],
      },
      { name: 'redis_things', help: '', kind: 'counter', series: [{ value: 3 }] },
      { name: 'redis_things_total', help: 'already total', kind: 'counter', series: [{ value: 1e21 }] },
      { name: 'redis_empty', help: 'no finite series', kind: 'gauge', series: [{ value: NaN }] },
    ];
    const text = familiesToPrometheusText(families);
    expect(text).toBe(await viaSdk(families));
    expect(text).toContain('redis_hostile{key="a\\"b\\\\c\\nd",other="plain"} 1');
    expect(text).not.toContain('redis_empty');
    expect(familiesToPrometheusText([])).toBe(await viaSdk([]));
  });
});
