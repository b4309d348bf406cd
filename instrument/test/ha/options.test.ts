import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backoffDelay, HaConfigError, resolveOptions, toIoredisOptions } from '../../src/ha/options';

const sentinels = [{ host: '127.0.0.1', port: 26379 }];

describe('resolveOptions', () => {
  it('fills the fast-failover defaults', () => {
    const opts = resolveOptions({ sentinels, name: 'mymaster' });
    expect(opts).toMatchObject({ commandTimeoutMs: 1000, connectTimeoutMs: 1000, maxOfflineQueue: 1000 });
  });

  it.each([
    [{ sentinels, name: 'm', commandTimeoutMs: 0 }, 'commandTimeoutMs'],
    [{ sentinels, name: 'm', connectTimeoutMs: 1.5 }, 'connectTimeoutMs'],
    [{ sentinels, name: 'm', maxOfflineQueue: -1 }, 'maxOfflineQueue'],
    [{ sentinels }, 'name'],
    [{ sentinels: [], name: 'm' }, 'sentinels'],
    [{ sentinels: [{ host: '', port: 1 }], name: 'm' }, 'sentinels[0].host'],
    [{ sentinels: [{ host: 'h', port: 0 }], name: 'm' }, 'sentinels[0].port'],
    [{ host: '127.0.0.1', readFrom: 'replica' as const }, 'readFrom'],
    [{ sentinels, name: 'm', readFrom: 'nearest' as never }, 'readFrom'],
    [{ sentinels, name: 'm', host: 'h' }, 'host'],
  ])('rejects %j naming %s', (input, setting) => {
    expect(() => resolveOptions(input)).toThrow(HaConfigError);
    expect(() => resolveOptions(input)).toThrow(setting);
  });

  it('never puts a password in an error', () => {
    expect(() => resolveOptions({ password: 'hunter2', port: -1 })).toThrow(/^(?!.*hunter2)/);
  });
});

describe('password files', () => {
  it('reads passwords from files and names the setting when one is unreadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-secret-'));
    try {
      writeFileSync(join(dir, 'pw'), 's3cret\n', { mode: 0o600 });
      const opts = resolveOptions({ port: 6379, passwordFile: join(dir, 'pw'), sentinelPasswordFile: join(dir, 'pw') });
      expect(opts.password).toBe('s3cret');
      expect(toIoredisOptions(opts, 'master', () => 0).password).toBe('s3cret');
      expect(() => resolveOptions({ port: 6379, passwordFile: join(dir, 'missing') })).toThrow(/passwordFile.*ENOENT/);
      expect(() => resolveOptions({ port: 6379, password: 'a', passwordFile: join(dir, 'pw') })).toThrow(HaConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toIoredisOptions', () => {
  const retry = () => 0;
  it('maps Sentinel mode, keeps writes resendable on the master only', () => {
    const opts = resolveOptions({ sentinels, name: 'mymaster', tls: {} });
    const master = toIoredisOptions(opts, 'master', retry);
    const replica = toIoredisOptions(opts, 'replica', retry);
    expect(master).toMatchObject({
      name: 'mymaster',
      role: 'master',
      commandTimeout: 1000,
      enableTLSForSentinelMode: true,
    });
    expect(replica).toMatchObject({ role: 'slave', enableOfflineQueue: false, autoResendUnfulfilledCommands: false });
    const readonly = new Error("READONLY You can't write against a read only replica.");
    expect(master.reconnectOnError?.(readonly)).toBe(2);
    expect(replica.reconnectOnError?.(readonly)).toBe(false);
  });

  it('applies the ioredis escape hatch last', () => {
    const opts = resolveOptions({ port: 6390, ioredis: { keyPrefix: 'app:', commandTimeout: 5000 } });
    expect(toIoredisOptions(opts, 'master', retry)).toMatchObject({
      port: 6390,
      keyPrefix: 'app:',
      commandTimeout: 5000,
    });
  });
});

describe('backoffDelay', () => {
  it('doubles from 50 ms up to the cap', () => {
    expect([1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, 500))).toEqual([50, 100, 200, 400, 500, 500]);
  });
});
