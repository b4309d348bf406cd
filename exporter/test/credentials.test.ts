import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from '@redis-lens/testkit';
import {
  compileMatch,
  CredentialsError,
  credentialsFingerprint,
  parseCredentials,
  parseTarget,
  resolveCredentials,
} from '../src/credentials';
import { ConfigError, loadConfig } from '../src/config';

const matches = (pattern: string, target: string) => compileMatch(pattern)(parseTarget(target)!);

describe('credentials file: target patterns', () => {
  it.each([
    ['redis://10.0.0.5:6379', 'redis://10.0.0.5:6379', true],
    ['redis://10.0.0.5:6379', 'redis://10.0.0.5', true], // default port
    ['redis://10.0.0.5:6379', 'rediss://10.0.0.5:6379', false], // scheme given → must agree
    ['redis://10.0.0.5:6379', 'redis://10.0.0.5:6380', false],
    ['redis://10.0.0.5:6379', 'redis://10.0.0.55:6379', false],
    ['10.0.0.5', 'rediss://10.0.0.5:7000', true], // no scheme, no port: any
    ['*.cache.internal', 'redis://a.b.cache.internal:6379', true],
    ['*.cache.internal', 'redis://cache.internal.evil.com:6379', false],
    ['*.cache.internal:6380', 'redis://a.cache.internal:6379', false],
    ['redis://10.0.0.*', 'redis://10.0.0.17:6379', true],
    ['redis://10.0.0.*', 'redis://10.0.1.17:6379', false],
    ['10.1.0.0/16', 'redis://10.1.200.3:6379', true],
    ['10.1.0.0/16', 'redis://10.2.0.3:6379', false],
    ['10.1.0.0/16', 'redis://ten.example:6379', false], // CIDR matches IP literals only
    ['fd00::/8', 'redis://[fd00::1]:6379', true],
    ['[::1]:6379', 'redis://[::1]:6379', true],
    ['unix:///run/redis.sock', 'unix:///run/redis.sock', true],
    ['unix:///run/redis.sock', 'redis://run:6379', false],
    ['CACHE.internal', 'redis://cache.INTERNAL:6379', true],
  ])('%s vs %s → %s', (pattern, target, expected) => {
    expect(matches(pattern, target)).toBe(expected);
  });

  it.each(['redis://h:99999', '10.0.0.0/40', 'http://x', 'a b', ''])('refuses the pattern %j', (pattern) => {
    expect(() => compileMatch(pattern)).toThrow(CredentialsError);
  });
});

describe('credentials file: parsing and resolution', () => {
  const dir = tempDir('credentials-test');
  const pw = (name: string, value: string) => {
    writeFileSync(join(dir, name), `${value}\n`);
    return name;
  };
  afterAll(() => removeDir(dir));

  it('reads passwords from password_file (relative to the file), first match wins, modules by name', () => {
    const set = parseCredentials(
      JSON.stringify({
        targets: [
          { match: 'redis://10.0.0.5:6379', user: 'special', password_file: pw('a', 'pw-a') },
          { match: '10.0.0.0/24', user: 'fleet', password_file: join(dir, pw('b', 'pw-b')) },
        ],
        auth_modules: { ro: { user: 'reader', password_file: pw('c', 'pw-c') } },
      }),
      dir,
    );
    expect(resolveCredentials(set, 'redis://10.0.0.5:6379')).toEqual({
      kind: 'match',
      name: 'redis://10.0.0.5:6379',
      credentials: { user: 'special', password: 'pw-a' },
    });
    expect(resolveCredentials(set, 'redis://10.0.0.6:6379')).toMatchObject({
      kind: 'match',
      credentials: { user: 'fleet', password: 'pw-b' },
    });
    expect(resolveCredentials(set, 'redis://10.9.0.6:6379')).toEqual({ kind: 'default' });
    expect(resolveCredentials(set, 'redis://10.0.0.5:6379', 'ro')).toMatchObject({
      kind: 'module',
      credentials: { user: 'reader', password: 'pw-c' },
    });
    expect(resolveCredentials(set, 'redis://10.0.0.5:6379', 'nope')).toEqual({ kind: 'unknown-module', name: 'nope' });
    expect(resolveCredentials(undefined, 'redis://x', 'ro')).toEqual({ kind: 'unknown-module', name: 'ro' });
  });

  it('takes TLS file paths per entry and checks they are readable', () => {
    const set = parseCredentials(
      JSON.stringify({
        targets: [
          { match: 'rediss://*', tls: { ca_file: pw('ca', 'CA'), server_name: 'cache', insecure_skip_verify: false } },
        ],
      }),
      dir,
    );
    expect(set.entries[0].credentials.tls).toEqual({
      caCertFile: join(dir, 'ca'),
      clientCertFile: undefined,
      clientKeyFile: undefined,
      serverName: 'cache',
      skipVerification: false,
    });
    expect(() =>
      parseCredentials(JSON.stringify({ targets: [{ match: '*', tls: { cert_file: pw('crt', 'C') } }] }), dir),
    ).toThrow(/cert_file and key_file go together/);
  });

  it('accepts redis_exporter password-file format with a warning about inline passwords', () => {
    const set = parseCredentials(
      JSON.stringify({
        'redis://10.0.0.1:6379': 'inline-secret',
        'redis://exporter@10.0.0.2:6380': 'other',
        'redis://10.0.0.3:6379': '',
      }),
      dir,
    );
    expect(set.warnings.join()).toMatch(/inline passwords/);
    expect(set.warnings.join()).not.toContain('inline-secret');
    expect(resolveCredentials(set, 'redis://10.0.0.1:6379')).toMatchObject({
      credentials: { password: 'inline-secret' },
    });
    expect(resolveCredentials(set, 'redis://10.0.0.2:6380')).toMatchObject({
      credentials: { user: 'exporter', password: 'other' },
    });
    expect(resolveCredentials(set, 'redis://10.0.0.3:6379')).toMatchObject({ credentials: { password: undefined } });
    expect(resolveCredentials(set, 'redis://10.0.0.2:6379')).toEqual({ kind: 'default' });
  });

  it.each([
    ['{"targets": [{"match": "x", "password": "s3cr3t-inline"}]}', /inline 'password' is not accepted/],
    ['{"targets": [{"password_file": "a"}]}', /'match' is required/],
    ['{"targets": [{"match": "x", "password_file": "missing"}]}', /password_file: cannot read .*missing: ENOENT/],
    ['{"targets": [{"match": "x", "usr": "a"}]}', /unknown key 'usr'/],
    ['{"auth_modules": {"bad name": {}}}', /names are/],
    ['{"targets": {}}', /'targets' must be a list/],
    ['[1]', /must be a JSON object/],
    ['{"redis://h:1": "s3cr3t-inline",\n "x": 1 2}', /not valid JSON at line 2 column 9/],
    // Node quotes the text around this error; we report no excerpt.
    ['{"redis://h:1": "s3cr3t-inline",\n "x": }', /^not valid JSON$/],
  ])('refuses %s without quoting secrets', (text, message) => {
    let error: unknown;
    try {
      parseCredentials(text, dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('s3cr3t-inline');
  });

  it('fingerprints change with any credential and never contain the password', () => {
    const a = credentialsFingerprint({ user: 'u', password: 'p1' });
    expect(a).not.toContain('p1');
    expect(credentialsFingerprint({ user: 'u', password: 'p2' })).not.toBe(a);
    expect(credentialsFingerprint({ user: 'u', password: 'p1' })).toBe(a);
  });

  it('--scrape.credentials-file: a bad file is a ConfigError naming the setting; pool flags parse', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"targets": [{"match": "x", "password_file": "nope"}]}');
    expect(() => loadConfig(['--scrape.credentials-file', bad], {})).toThrow(ConfigError);
    expect(() => loadConfig(['--scrape.credentials-file', bad], {})).toThrow(/--scrape.credentials-file/);
    expect(() => loadConfig([], { REDIS_EXPORTER_SCRAPE_CREDENTIALS_FILE: bad })).toThrow(
      /REDIS_EXPORTER_SCRAPE_CREDENTIALS_FILE/,
    );
    expect(loadConfig([], {}).scrapePool).toEqual({ maxTargets: 1024, idleTimeoutMs: 120_000 });
    expect(
      loadConfig(['--scrape.pool-size', '0'], { REDIS_EXPORTER_SCRAPE_POOL_IDLE_TIMEOUT: '30s' }).scrapePool,
    ).toEqual({ maxTargets: 0, idleTimeoutMs: 30_000 });
    expect(() => loadConfig(['--scrape.pool-size', '-1'], {})).toThrow(/--scrape.pool-size/);
    // redis_exporter's map given to --redis.password-file would silently become one long password: refused.
    const map = join(dir, 'map.json');
    writeFileSync(map, '{\n  "redis://10.0.0.1:6379": "pw"\n}\n');
    expect(() => loadConfig(['--redis.password-file', map], {})).toThrow(
      /--redis.password-file.*--scrape.credentials-file/,
    );
  });
});
