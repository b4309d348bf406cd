import { randomBytes } from 'node:crypto';
import { createRedactionPolicy, keyHash, keyPattern, looksLikeId, renderKey } from '../src/redaction';

const policy = createRedactionPolicy({ hashSecret: 'test-secret' });

describe('keyPattern', () => {
  it.each([
    ['session:8f14e45fceea167a5a36dedd4bea2543', 'session:{id}'],
    ['user:12345:profile', 'user:{id}:profile'],
    ['cart/0b6f1c8e-3a5b-4c1f-9a77-2f7c1b8f9e10/items', 'cart/{id}/items'],
    ['sess:AbC9xYz0QwErTy12UiOp', 'sess:{id}'],
    ['config:feature-flags', 'config:feature-flags'],
    ['rate.limit.u12345678', 'rate.limit.{id}'],
    ['plain', 'plain'],
  ])('%s -> %s', (key, pattern) => {
    expect(keyPattern(key)).toBe(pattern);
  });

  it('marks binary segments and never emits control bytes', () => {
    const pattern = keyPattern(Buffer.from([0x6b, 0x3a, 0x00, 0xff, 0x10, 0x3a, 0x61]));
    expect(pattern).toBe('k:{bin}:a');
    expect(pattern).not.toMatch(/[\u0000-\u001f]/);
  });

  it('bounds work and length for a 1 MB key', () => {
    const huge = 'x'.repeat(1024 * 1024);
    expect(keyPattern(huge).length).toBeLessThanOrEqual(200);
  });
});

describe('renderKey', () => {
  it('exports pattern and keyed hash by default, never the key', () => {
    const key = 'session:8f14e45fceea167a5a36dedd4bea2543';
    const rendered = renderKey(key, policy);
    expect(rendered.label).toBe(`session:{id}#${keyHash(key, 'test-secret')}`);
    expect(rendered.label).not.toContain('8f14e45f');
    expect(rendered.raw).toBe(false);
  });

  it('hashes differ per key and per secret', () => {
    expect(renderKey('session:a1b2c3d4e5f6a7b8', policy).hash).not.toBe(
      renderKey('session:a1b2c3d4e5f6a7b9', policy).hash,
    );
    expect(keyHash('k', 'one')).not.toBe(keyHash('k', 'two'));
  });

  it('exports allowlisted prefixes raw, escaped and truncated', () => {
    const p = createRedactionPolicy({ hashSecret: 's', rawPrefixes: ['config:'], maxLength: 20 });
    expect(renderKey('config:flags', p)).toMatchObject({ label: 'config:flags', raw: true });
    expect(renderKey('config:\n<script>' + 'y'.repeat(50), p).label).toBe('config:\\x0a<script>…');
    expect(renderKey('session:123', p).raw).toBe(false);
  });

  it('keeps hostile keys to a bounded, printable label', () => {
    for (const key of ['<img src=x onerror=alert(1)>', '"}\n{evil="1', '\u202e\u0000🔥'.repeat(1000)]) {
      const { label } = renderKey(key, policy);
      expect(label.length).toBeLessThanOrEqual(200);
      expect(label).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });

  it('never throws on arbitrary bytes (fuzz)', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.alloc(next() % 300, 0).map(() => next() % 256);
      const { label } = renderKey(bytes, policy);
      expect(typeof label).toBe('string');
      expect(label).not.toMatch(/[\u0000-\u001f]/);
    }
  });
});

describe('looksLikeId', () => {
  it('keeps operator-chosen names', () => {
    for (const word of ['sessions', 'feature-flags', 'v2', 'en_US', 'leaderboard', 'leaderboardGlobalWeekly']) {
      expect(looksLikeId(word)).toBe(false);
    }
  });

  // base64url and hex are the encodings session libraries use (express-session's uid-safe is base64url). Standard
  // base64 can contain '/', which is also a key separator: such ids are split, a known limitation.
  it('treats every random session id as an id, including the ones without a digit', () => {
    const digitless = 'AbCdEfGhIjKlMnOpQrStUvWxYz_-AbCdEf';
    expect(keyPattern(`session:${digitless}`)).toBe('session:{id}');
    for (let i = 0; i < 20_000; i++) {
      for (const id of [randomBytes(24).toString('base64url'), randomBytes(16).toString('hex')]) {
        expect(keyPattern(`session:${id}`)).toBe('session:{id}');
      }
    }
  });
});
