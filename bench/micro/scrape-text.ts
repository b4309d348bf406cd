// The /scrape path's own cost of turning one real scrape's samples into Prometheus text: through OTel metric data
// and the SDK's PrometheusSerializer (as before) vs straight to text (src/prometheus-text.ts, same bytes). CPU per
// target-scrape, median of rounds; not part of `npm run bench`.
//
//   node -r @swc-node/register bench/micro/scrape-text.ts [rounds=15] [per-round=500]
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import pino from 'pino';
import { startRedis } from '@redis-lens/testkit';
import { loadConfig } from '../../exporter/src/config';
import { redisOptionsFor } from '../../exporter/src/connection';
import { FamilyProducer, samplesToFamilies } from '../../exporter/src/producer';
import { familiesToPrometheusText } from '../../exporter/src/prometheus-text';
import { RedisScraper } from '../../exporter/src/scrape';
import { selfCpuNs } from '../lib/proc';
import { median } from '../lib/results';

const ROUNDS = Number(process.argv[2] ?? 15);
const PER_ROUND = Number(process.argv[3] ?? 500);

async function main() {
  const server = await startRedis();
  try {
    const c = server.client();
    for (let i = 0; i < 60; i++) await c.call('SET', `k${i}`, 'v', 'EX', '100');
    for (const cmd of ['GET', 'HSET', 'LPUSH', 'SADD', 'ZADD', 'INCR', 'DEL', 'EXPIRE', 'TTL', 'TYPE']) {
      await c.call(cmd, 'x').catch(() => undefined);
    }
    c.disconnect();
    const config = loadConfig(['--redis.addr', server.url()], {});
    const scraper = new RedisScraper(server.url(), redisOptionsFor(server.url(), config), pino({ level: 'silent' }));
    const { samples } = await scraper.scrape();
    scraper.close();
    const serializer = new PrometheusSerializer(undefined, false, undefined, true, true);
    const paths = {
      'SDK (metric data + PrometheusSerializer)': async () =>
        serializer.serialize((await new FamilyProducer(() => samplesToFamilies(samples)).collect()).resourceMetrics),
      'direct (prometheus-text.ts)': async () => familiesToPrometheusText(samplesToFamilies(samples)),
    };
    const perScrapeUs: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS + 2; round++) {
      for (const [name, run] of Object.entries(paths)) {
        const t0 = selfCpuNs();
        for (let i = 0; i < PER_ROUND; i++) await run();
        if (round >= 2) (perScrapeUs[name] ??= []).push((selfCpuNs() - t0) / PER_ROUND / 1000);
      }
    }
    console.log(`${samples.length} samples per scrape, ${ROUNDS} rounds × ${PER_ROUND}`);
    for (const [name, us] of Object.entries(perScrapeUs))
      console.log(`${name}: ${median(us).toFixed(0)} µs CPU per scrape`);
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
