import { startRedis, type RedisServer } from '@redis-lens/testkit';
import type Redis from 'ioredis';
import { MEASURE_SCRIPT, parseMeasureReply } from '../../src/memory/measure-script';

describe('measuring script reply', () => {
  const keys = ['a', 'b', 'c'].map((k) => Buffer.from(k));
  it('reads sizes, and type/ttl/count for flagged keys; drops keys that are gone', () => {
    const out = parseMeasureReply(keys, [true, false, true], [120, 'hash', -1, 7, -1, 64, 'stream', 5000, -1]);
    expect(out).toEqual([
      { key: keys[0], bytes: 120, type: 'hash', ttl: -1, elements: 7 },
      { key: keys[2], bytes: 64, type: 'stream', ttl: 5000 },
    ]);
  });
  it('refuses a reply of the wrong shape', () => {
    expect(() => parseMeasureReply(keys, [false, false, false], [1, 2])).toThrow(/length/);
    expect(() => parseMeasureReply(keys, [false, false, false], 'OK')).toThrow(/array/);
  });
});

// On a real Redis: element counts (STRLEN, HLEN, …) touch a key's LFU counter, so under an LRU/LFU policy the sampler
// asks with detail flag "2" (type and TTL only). MEMORY USAGE, TYPE and PTTL leave the counter alone.
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

  it('flag "2" reads type and TTL without touching the LFU counter; flag "1" counts (and touches)', async () => {
    await client.set('k', 'value');
    const freq = async () => Number(await client.call('OBJECT', 'FREQ', 'k'));
    const before = await freq();
    const sha = String(await client.call('SCRIPT', 'LOAD', MEASURE_SCRIPT));
    for (let i = 0; i < 20; i++) await client.evalsha(sha, 0, '5', '2', 'k');
    expect(await freq()).toBe(before);
    const [measured] = parseMeasureReply([Buffer.from('k')], [true], await client.evalsha(sha, 0, '5', '2', 'k'));
    expect(measured).toMatchObject({ type: 'string', ttl: -1 });
    expect(measured.elements).toBeUndefined();
    // lfu-log-factor 0: every touch increments the counter, so one counted read shows.
    const [counted] = parseMeasureReply([Buffer.from('k')], [true], await client.evalsha(sha, 0, '5', '1', 'k'));
    expect(counted.elements).toBe(5);
    expect(await freq()).toBeGreaterThan(before);
  });
});
