import { startRedis, info, type RedisServer } from '../src';

describe('startRedis', () => {
  const servers: RedisServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('starts a standalone server on loopback with the requested policy', async () => {
    const redis = await startRedis({ maxmemoryPolicy: 'allkeys-lfu' });
    servers.push(redis);
    expect(redis.host).toBe('127.0.0.1');
    expect(await redis.command('SET', 'k', 'v')).toBe('OK');
    expect(await redis.command('CONFIG', 'GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lfu']);
    expect(await redis.command('CONFIG', 'GET', 'bind')).toEqual(['bind', '127.0.0.1']);
  });

  it('requires the password and accepts an ACL user; the password is not in argv', async () => {
    const redis = await startRedis({ password: 's3cret-pw', aclUser: { username: 'lens', password: 'lens-pw' } });
    servers.push(redis);
    const anonymous = redis.client({ password: undefined, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    anonymous.on('error', () => undefined);
    await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
    anonymous.disconnect();
    const user = redis.client({ username: 'lens', password: 'lens-pw' });
    expect(await user.call('ACL', 'WHOAMI')).toBe('lens');
    user.disconnect();
    const { readFileSync } = await import('node:fs');
    const cmdline = readFileSync(`/proc/${redis.process.pid}/cmdline`, 'utf8');
    expect(cmdline).not.toContain('s3cret-pw');
  });

  it('restarts on the same port after SIGKILL', async () => {
    const redis = await startRedis();
    servers.push(redis);
    const before = (await info(redis, 'server')).run_id;
    redis.process.signal('SIGKILL');
    await redis.process.exited;
    await redis.restart();
    expect((await info(redis, 'server')).run_id).not.toBe(before);
  });

  it('fails with the Debian package name when a binary is missing', async () => {
    const { requireBinary } = await import('../src');
    expect(() => requireBinary('definitely-not-installed-xyz')).toThrow(/Debian package/);
  });
});
