import { startRedis, waitFor, type RedisServer } from '@redis-lens/testkit';
import { BackgroundLoop } from '../src/background-loop';

describe('background loop on a real Redis', () => {
  let redis: RedisServer;
  const loops: BackgroundLoop[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const loop of loops.splice(0)) await loop.stop();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const loopOf = (cycle: (loop: BackgroundLoop) => Promise<void>, intervalMs = 10) => {
    const loop: BackgroundLoop = new BackgroundLoop({
      redis: { host: '127.0.0.1', port: redis.port },
      connectionName: 'redis-lens-loop-test',
      intervalMs: () => intervalMs,
      cycle: () => cycle(loop),
    });
    loops.push(loop);
    return loop;
  };

  it('connects lazily under its own name, runs cycles one at a time, and keeps going after a failed one', async () => {
    let cycles = 0;
    let inside = 0;
    let overlapped = false;
    let name = '';
    const loop = loopOf(async (l) => {
      inside++;
      overlapped ||= inside > 1;
      cycles++;
      try {
        const conn = await l.connection();
        name = String(await conn.client('GETNAME'));
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (cycles === 2) throw new Error('a failed cycle');
      } finally {
        inside--;
      }
    });
    expect(loop.conn.status).toBe('wait');
    loop.start();
    await waitFor('five cycles', () => cycles >= 5, { timeoutMs: 10_000, intervalMs: 10 });
    expect(overlapped).toBe(false);
    expect(name).toBe('redis-lens-loop-test');
  });

  it('stop waits for the running cycle, starts no other, and closes the connection', async () => {
    let cycles = 0;
    let release: (() => void) | undefined;
    let ended = false;
    const loop = loopOf(async (l) => {
      cycles++;
      await (await l.connection()).ping();
      await new Promise<void>((resolve) => (release = resolve));
      ended = true;
    }, 0);
    loop.start();
    await waitFor('the first cycle to wait', () => release !== undefined, { timeoutMs: 10_000, intervalMs: 10 });
    const stopping = loop.stop();
    expect(loop.stopped).toBe(true);
    release!();
    await stopping;
    expect(ended).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cycles).toBe(1);
    expect(['end', 'close']).toContain(loop.conn.status);
  });

  it('never runs a cycle when stopped before its first one', async () => {
    let cycles = 0;
    const loop = loopOf(async () => {
      cycles++;
    });
    loop.start(20);
    await loop.stop();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(cycles).toBe(0);
  });
});
