import { startRedis, waitFor, type RedisServer } from '@redis-lens/testkit';
import type Redis from 'ioredis';
import { createRedactionPolicy } from '@redis-lens/instrument/redaction';
import type { ExporterFeature } from '../../src/feature';
import { createMemorySamplerFeature, refusalReason } from '../../src/memory/sampler';
import { commandStat } from '../../src/memory/batch-size';
import { DEFAULT_MEMORY_OPTIONS, type MemoryOptions } from '../../src/memory/options';
import { sample, samples, startHarness, type FeatureHarness } from '../support/feature-harness';

const SECRET = 'c0ffee5ecre7d00d';

/** A known keyspace: three patterns of known sizes and TTLs, plus hostile keys. */
async function load(client: Redis): Promise<void> {
  const p = client.pipeline();
  for (let i = 0; i < 3000; i++) p.set(`session:${SECRET}${i}`, 'x'.repeat(100), 'PX', 30 * 60_000);
  for (let i = 0; i < 1000; i++) {
    p.hset(`cart:${i}${SECRET}`, Object.fromEntries(Array.from({ length: 10 }, (_, f) => [`f${f}`, 'v'.repeat(20)])));
    p.pexpire(`cart:${i}${SECRET}`, 2 * 86_400_000);
  }
  for (let i = 0; i < 200; i++) p.set(`blob:${SECRET}${i}`, 'b'.repeat(5000));
  // Hostile: binary, newlines and quotes, and a 1 MB name.
  p.set(Buffer.from([0x00, 0xff, 0x0a, 0x22, 0x7d, 0x3a]), 'v');
  p.set(`evil"}\n# HELP x\nredis_up{} 1 ${SECRET}`, 'v');
  p.set(Buffer.concat([Buffer.from('huge:'), Buffer.alloc(1024 * 1024, 0x41)]), 'v');
  await p.exec();
}

/** The truth, by an exact full walk with MEMORY USAGE SAMPLES 0 (the test's own connection). */
async function exactWalk(client: Redis): Promise<Map<string, { keys: number; bytes: number }>> {
  const out = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scanBuffer(cursor, 'COUNT', 1000);
    cursor = next.toString();
    const p = client.pipeline();
    for (const k of keys) p.call('MEMORY', 'USAGE', k, 'SAMPLES', '5');
    const replies = (await p.exec()) ?? [];
    keys.forEach((k, i) => {
      const prefix = /^(session|cart|blob):/.exec(k.toString('latin1'))?.[1] ?? 'other';
      const t = out.get(prefix) ?? { keys: 0, bytes: 0 };
      t.keys++;
      t.bytes += Number(replies[i][1]);
      out.set(prefix, t);
    });
  } while (cursor !== '0');
  return out;
}

async function startSampler(
  redis: RedisServer,
  memory: Partial<MemoryOptions>,
  user?: { username: string; password: string },
) {
  const harness = await startHarness({
    redis: { host: '127.0.0.1', port: redis.port, ...(user ?? {}) },
    redaction: createRedactionPolicy({ hashSecret: 'test-secret' }),
    memory: { ...DEFAULT_MEMORY_OPTIONS, intervalMs: 100, ...memory },
  });
  const feature = createMemorySamplerFeature();
  await feature.start(harness.ctx);
  return { harness, feature };
}

describe('refusalReason', () => {
  it.each([
    ["NOPERM User x has no permissions to run the 'memory|usage' command", 'noperm'],
    ["ERR unknown command 'MEMORY', with args beginning with: 'USAGE'", 'unknown_command'],
    ["ERR unknown subcommand 'slot-stats'. Try CLUSTER HELP.", 'unknown_command'],
    ['ERR something else', 'error'],
  ])('%s -> %s', (message, reason) => expect(refusalReason(new Error(message))).toBe(reason));
});

describe('memory sampler on a real Redis', () => {
  let redis: RedisServer;
  let client: Redis;
  let truth: Map<string, { keys: number; bytes: number }>;
  const running: { harness: FeatureHarness; feature: ExporterFeature }[] = [];

  beforeAll(async () => {
    redis = await startRedis({ maxmemory: '512mb' });
    client = redis.client();
    await load(client);
    truth = await exactWalk(client);
  });

  afterEach(async () => {
    for (const r of running.splice(0)) {
      await r.feature.stop();
      await r.harness.close();
    }
  });

  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('estimates keys and bytes per pattern; the 95 % band holds the exact walk; TTL mix, elements, biggest keys', async () => {
    // Windows of 1,000 keys: about a quarter of the keyspace each, so the estimates are real estimates.
    const r = await startSampler(redis, { windowKeys: 1000 });
    running.push(r);
    const body = await waitFor(
      'a complete window',
      async () => {
        const text = await r.harness.metrics();
        return sample(text, 'redis_last_key_groups_scrape_duration_milliseconds') !== undefined && text;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const coverage = sample(body, 'redis_key_groups_sample_coverage_ratio', { db: 'db0' })!;
    expect(coverage).toBeGreaterThan(0.15);
    expect(coverage).toBeLessThan(0.5);
    for (const [prefix, group] of [
      ['session', 'session:{id}'],
      ['cart', 'cart:{id}'],
      ['blob', 'blob:{id}'],
    ]) {
      const t = truth.get(prefix)!;
      const labels = { db: 'db0', key_group: group };
      const bytes = sample(body, 'redis_key_group_memory_usage_bytes', labels)!;
      const bytesErr = sample(body, 'redis_key_group_memory_usage_bytes_error', labels)!;
      const keys = sample(body, 'redis_key_group_count', labels)!;
      const keysErr = sample(body, 'redis_key_group_count_error', labels)!;
      expect(bytesErr).toBeGreaterThan(0);
      // Each band holds the truth with 95 %; six bands at once all at 1.5× (99.7 % each) keep the test deterministic
      // enough while still failing an estimator that is biased or whose band is too narrow by half.
      expect(Math.abs(bytes - t.bytes)).toBeLessThanOrEqual(1.5 * bytesErr);
      expect(Math.abs(keys - t.keys)).toBeLessThanOrEqual(1.5 * keysErr);
    }
    // TTL mix: sessions < 1 h, carts 1–7 d, blobs none.
    const ttl = (group: string, bucket: string) =>
      sample(body, 'redis_key_group_memory_by_ttl_bytes', { key_group: group, ttl: bucket }) ?? 0;
    expect(ttl('session:{id}', 'lt_1h')).toBeGreaterThan(0);
    expect(ttl('session:{id}', 'none')).toBe(0);
    expect(ttl('cart:{id}', '1d_to_7d')).toBeGreaterThan(0);
    expect(ttl('blob:{id}', 'none')).toBeGreaterThan(0);
    expect(ttl('blob:{id}', 'lt_1h')).toBe(0);
    expect(sample(body, 'redis_key_group_elements', { key_group: 'cart:{id}', type: 'hash', quantile: '0.5' })).toBe(
      10,
    );
    expect(sample(body, 'redis_key_group_elements', { key_group: 'blob:{id}', type: 'string', quantile: '1' })).toBe(
      5000,
    );
    const biggest = samples(body, 'redis_key_group_biggest_key_bytes').filter((l) =>
      l.includes('key_group="blob:{id}"'),
    );
    expect(biggest.length).toBeGreaterThanOrEqual(1);
    expect(biggest[0]).toMatch(/key="blob:\{id\}#[0-9a-f]{12}"/);
    expect(sample(body, 'redis_number_of_distinct_key_groups', { db: 'db0' })).toBeGreaterThanOrEqual(3);
    // Server-side sources on Redis 7.0: MEMORY STATS yes, keysizes and slot stats absent (said in the metric).
    expect(sample(body, 'redis_memory_source_available', { source: 'memory_stats', reason: 'ok' })).toBe(1);
    expect(sample(body, 'redis_memory_source_available', { source: 'keysizes', reason: 'not_supported' })).toBe(0);
    expect(sample(body, 'redis_memory_source_available', { source: 'slot_stats', reason: 'not_supported' })).toBe(0);
    expect(sample(body, 'redis_memory_source_available', { source: 'sampler', reason: 'ok' })).toBe(1);
    // The batch size is steered within its bounds (batch-size.ts).
    const batchKeys = sample(body, 'redis_exporter_memory_sampler_batch_keys')!;
    expect(batchKeys).toBeGreaterThanOrEqual(8);
    expect(batchKeys).toBeLessThanOrEqual(512);
    expect(sample(body, 'redis_memory_stats_dataset_bytes')).toBeGreaterThan(1_000_000);
    expect(sample(body, 'redis_memory_limit_bytes', { source: 'maxmemory' })).toBe(512 * 1024 * 1024);
    // Never a raw key: no label carries the secret id, the hostile name or the 1 MB one.
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain('AAAAAAAAAAAAAAAA');
    expect(body).not.toContain('# HELP x');
  });

  it('is exact (zero band) once a window has read the whole keyspace', async () => {
    const r = await startSampler(redis, {});
    running.push(r);
    const body = await waitFor(
      'a full pass',
      async () => {
        const text = await r.harness.metrics();
        return sample(text, 'redis_key_groups_sample_coverage_ratio', { db: 'db0' }) === 1 &&
          sample(text, 'redis_last_key_groups_scrape_duration_milliseconds') !== undefined
          ? text
          : false;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const labels = { db: 'db0', key_group: 'cart:{id}' };
    expect(sample(body, 'redis_key_group_count', labels)).toBe(1000);
    expect(sample(body, 'redis_key_group_count_error', labels)).toBe(0);
    expect(sample(body, 'redis_key_group_memory_usage_bytes', labels)).toBe(truth.get('cart')!.bytes);
  });

  it('keeps to its command budget (counted by Redis itself)', async () => {
    const stats = async () => {
      const text = String(await redis.command('INFO', 'commandstats'));
      return [...text.matchAll(/^cmdstat_([a-z|-]+):calls=(\d+)/gm)].reduce((sum, m) => sum + Number(m[2]), 0);
    };
    const before = await stats();
    const started = Date.now();
    const r = await startSampler(redis, { maxCommandsPerSecond: 200, maxCycleMs: 1000 });
    running.push(r);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await r.feature.stop();
    const elapsed = (Date.now() - started) / 1000;
    // Minus the two INFO commandstats of this test; one second's worth may be spent at once (the bucket's size).
    const sent = (await stats()) - before - 1;
    const counted = sample(await r.harness.metrics(), 'redis_exporter_memory_sampler_commands_total')!;
    expect(counted).toBeGreaterThan(100);
    expect(sent).toBeLessThanOrEqual(200 * elapsed + 200);
    expect(counted).toBeLessThanOrEqual(200 * elapsed + 200);
    expect(
      sample(await r.harness.metrics(), 'redis_exporter_memory_sampler_budget_exhausted_total', {
        budget: 'commands_per_second',
      }),
    ).toBeGreaterThan(0);
  });

  it('walks a small keyspace once per cycle, not until its budget runs out', async () => {
    const small = await startRedis();
    try {
      const c = small.client();
      await c.mset(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`fleet:${i}`, 'v'])));
      c.disconnect();
      // Keys measured, as Redis counts them (MEMORY USAGE inside the sampler's script counts too).
      const measured = async () =>
        commandStat(String(await small.command('INFO', 'commandstats')), 'memory\\|usage')?.calls ?? 0;
      const r = await startSampler(small, {});
      running.push(r);
      await waitFor('a few cycles', async () => {
        const cycles = sample(await r.harness.metrics(), 'redis_exporter_memory_sampler_cycle_seconds_count');
        return (cycles ?? 0) >= 5;
      });
      await r.feature.stop();
      const text = await r.harness.metrics();
      const cycles = sample(text, 'redis_exporter_memory_sampler_cycle_seconds_count')!;
      // At most one pass over the 100 keys per cycle (the last one may be cut short by stop()), whatever the batch size.
      expect(await measured()).toBeLessThanOrEqual(100 * (cycles + 1));
      expect(sample(text, 'redis_key_group_count', { db: 'db0', key_group: 'fleet:{id}' })).toBe(100);
    } finally {
      await small.stop();
    }
  });

  it('degrades when MEMORY is refused (ACL): says why, keeps the forecast, never fails', async () => {
    await client.call('ACL', 'SETUSER', 'nomemory', 'on', '>pw', '~*', '+@all', '-memory');
    const r = await startSampler(redis, {}, { username: 'nomemory', password: 'pw' });
    running.push(r);
    const body = await waitFor(
      'the refusal to show',
      async () => {
        const text = await r.harness.metrics();
        return sample(text, 'redis_memory_source_available', { source: 'sampler', reason: 'noperm' }) === 0 && text;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(sample(body, 'redis_memory_source_available', { source: 'memory_stats', reason: 'noperm' })).toBe(0);
    expect(samples(body, 'redis_key_group_count')).toEqual([]);
    expect(sample(body, 'redis_memory_limit_bytes', { source: 'maxmemory' })).toBeGreaterThan(0);
  });
});

describe('memory sampler on a Redis with MEMORY renamed away', () => {
  let redis: RedisServer;
  let harness: FeatureHarness | undefined;
  let feature: ExporterFeature | undefined;

  beforeAll(async () => {
    redis = await startRedis({ config: ['rename-command MEMORY ""'] });
    await redis.command('SET', 'k', 'v');
  });

  afterAll(async () => {
    await feature?.stop();
    await harness?.close();
    await redis?.stop();
  });

  it('reports unknown_command and still forecasts', async () => {
    ({ harness, feature } = await startSampler(redis, { forecastWindowMs: 5000 }));
    const body = await waitFor(
      'the refusal to show',
      async () => {
        const text = await harness!.metrics();
        return (
          sample(text, 'redis_memory_source_available', { source: 'sampler', reason: 'unknown_command' }) === 0 &&
          sample(text, 'redis_memory_growth_bytes_per_second') !== undefined &&
          text
        );
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(
      sample(body, 'redis_memory_limit_bytes', { source: 'system' }) ??
        sample(body, 'redis_memory_limit_bytes', { source: 'cgroup' }),
    ).toBeGreaterThan(0);
    expect(sample(body, 'redis_memory_time_to_full_seconds')).toBeDefined();
  });
});
