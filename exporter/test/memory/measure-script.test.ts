import { startRedis, type RedisServer } from '@redis-lens/testkit';
import type Redis from 'ioredis';
import { isDetail, MEASURE_SCRIPT, parseMeasureReply } from '../../src/memory/measure-script';

describe('measuring script reply', () => {
  const keys = ['a', 'b', 'c'].map((k) => Buffer.from(k));
  it('reads the cursor, the keys, sizes, and type/ttl/count for detail keys; drops keys that are gone', () => {
    // Phase 1 of every 2: the second key (index 1) is the detail one; it is gone (-1).
    const out = parseMeasureReply([Buffer.from('17'), keys, 120, -1, 'none', -2, -1, 64], 1, 2);
    expect(out.cursor).toBe('17');
    expect(out.keys).toEqual(keys);
    expect(out.measured).toEqual([
      { key: keys[0], bytes: 120 },
      { key: keys[2], bytes: 64 },
    ]);
    // Phase 0: the first and third; a count of -1 (not counted) leaves elements out.
    const first = parseMeasureReply([Buffer.from('0'), keys, 120, 'stream', -1, 9, 33, 64, 'hash', 5000, -1], 0, 2);
    expect(first.measured).toEqual([
      { key: keys[0], bytes: 120, type: 'stream', ttl: -1, elements: 9 },
      { key: keys[1], bytes: 33 },
      { key: keys[2], bytes: 64, type: 'hash', ttl: 5000 },
    ]);
  });
  it('refuses a reply of the wrong shape', () => {
    expect(() => parseMeasureReply([Buffer.from('0'), keys, 1, 2], 1, 8)).toThrow(/length/);
    expect(() => parseMeasureReply('OK', 0, 8)).toThrow(/array/);
  });
  it('marks every k-th key across batches', () => {
    const marked = (phase: number, n: number) => Array.from({ length: n }, (_, i) => isDetail(phase, i, 8));
    expect(marked(0, 9).map(Number).join('')).toBe('100000001');
    expect(marked(6, 4).map(Number).join('')).toBe('0010');
  });
});

// On a real Redis: element counts (STRLEN, HLEN, …) touch a key's LFU counter, so under an LRU/LFU policy the sampler
// runs the script with counts "0" (type and TTL only). MEMORY USAGE, TYPE and PTTL leave the counter alone.
describe('measuring script on a real Redis (allkeys-lfu)', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis({ config: ['maxmemory-policy allkeys-lfu', 'lfu-log-factor 0'] });
    client = redis.client();
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('counts "0" reads type and TTL without touching the LFU counter; counts "1" counts (and touches)', async () => {
    await client.set('k', 'value');
    const freq = async () => Number(await client.call('OBJECT', 'FREQ', 'k'));
    const before = await freq();
    const sha = String(await client.call('SCRIPT', 'LOAD', MEASURE_SCRIPT));
    // ARGV: cursor, count, samples, phase, every, counts. The only key is at phase 0: a detail key.
    const batch = async (counts: string) =>
      parseMeasureReply(await client.callBuffer('EVALSHA_RO', sha, '0', '0', '10', '5', '0', '8', counts), 0, 8);
    for (let i = 0; i < 20; i++) await batch('0');
    expect(await freq()).toBe(before);
    const plain = await batch('0');
    expect(plain.cursor).toBe('0');
    expect(plain.keys.map(String)).toEqual(['k']);
    expect(plain.measured[0]).toMatchObject({ type: 'string', ttl: -1 });
    expect(plain.measured[0].bytes).toBeGreaterThan(0);
    expect(plain.measured[0].elements).toBeUndefined();
    // lfu-log-factor 0: every touch increments the counter, so one counted read shows.
    const counted = await batch('1');
    expect(counted.measured[0].elements).toBe(5);
    expect(await freq()).toBeGreaterThan(before);
  });
});
