import { randomBytes } from 'node:crypto';
import {
  createRedactionPolicy,
  keyHash,
  keyPattern,
  observeKey,
  redactionPolicyFromEnv,
  renderKey,
  scrubKeys,
  type RedactionPolicy,
} from '../src/redaction';
import { displayable, escapeKeyText, splitRenderedKey } from '../src/redaction/display';
import { PatternLearner } from '../src/redaction/learner';
import { DeclaredPatterns, parseDeclaredPattern, splitKey } from '../src/redaction/segments';
import { ID_GENERATORS, buildCorpus, leakedIds, mulberry32, stripHashes } from './support/id-corpus';
import { Zipf } from '../../demo/src/zipf';

const policy = (overrides: Partial<RedactionPolicy> = {}) =>
  createRedactionPolicy({ hashSecret: 'test-secret', ...overrides });
const learn = (p: RedactionPolicy, keys: Iterable<string>) => {
  for (const key of keys) observeKey(key, p);
};
const ids = (n: number, gen = () => randomBytes(24).toString('base64url')) => Array.from({ length: n }, gen);

describe('splitKey and declared patterns', () => {
  it('splits at : / | only, so e-mails, IPs, JWTs and names stay one segment', () => {
    expect(splitKey('user:alice.smith@example.com:cart')).toEqual({
      segments: ['user', 'alice.smith@example.com', 'cart'],
      separators: [':', ':'],
    });
    expect(splitKey('a::b/c').separators).toEqual(['::', '/']);
    expect(splitKey('x:'.repeat(50)).segments).toHaveLength(12);
  });

  it('matches literals and placeholders; a last placeholder takes the rest of the key', () => {
    const declared = new DeclaredPatterns(['session:{id}', 'user:{email}:cart', 'leaderboard:global']);
    expect(declared.match(splitKey('session:ab/cd+ef=='))?.text).toBe('session:{id}');
    expect(declared.match(splitKey('user:a@b.c:cart'))?.text).toBe('user:{email}:cart');
    expect(declared.match(splitKey('user:a@b.c:cart:x'))).toBeUndefined();
    expect(declared.match(splitKey('leaderboard:global'))?.text).toBe('leaderboard:global');
    expect(declared.match(splitKey('leaderboard:weekly'))).toBeUndefined();
    expect(declared.match(splitKey('session/abc'))).toBeUndefined();
  });

  it.each(['', 'a:{b', 'user:{}:x', 'bad\nline', 'x'.repeat(300)])('refuses the pattern %j', (text) => {
    expect(() => parseDeclaredPattern(text)).toThrow();
  });
});

describe('the rule: a segment is shown only when declared or shared by k keys at its position', () => {
  it('cold start: nothing learned, everything is {id}', () => {
    const p = policy();
    expect(keyPattern('config:feature-flags', p)).toBe('{id}:{id}');
    expect(renderKey('session:abc', p)).toMatchObject({ pattern: '{id}:{id}', rule: 'default_id', raw: false });
  });

  it('learns a prefix once k distinct keys share it; one hot key repeated never teaches anything', () => {
    const p = policy({ learner: { minKeys: 5 } });
    for (let i = 0; i < 1000; i++) observeKey('session:onlyone', p);
    expect(keyPattern('session:onlyone', p)).toBe('{id}:{id}');
    learn(
      p,
      ids(3).map((id) => `session:${id}`),
    );
    expect(keyPattern('session:x', p)).toBe('{id}:{id}');
    learn(
      p,
      ids(1).map((id) => `session:${id}`),
    );
    expect(renderKey('session:x', p)).toMatchObject({ pattern: 'session:{id}', rule: 'learned' });
  });

  it('shows fixed sub-keys of ids (user:{id}:profile) but never the id, even with fan-out', () => {
    const p = policy();
    const fields = ['profile', 'cart', 'settings', 'orders', 'a', 'b', 'c', 'd', 'e', 'f'];
    // 200 users with 10 sub-keys each: every user id is shared by 10 >= k keys, yet its position has > V values.
    learn(p, Array.from({ length: 200 }, (_, u) => fields.map((f) => `user:${u}:${f}`)).flat());
    expect(keyPattern('user:42:profile', p)).toBe('user:{id}:profile');
    expect(keyPattern('user:7:cart', p)).toBe('user:{id}:cart');
    expect(p.engine.explain('user:{id}:cart').segments[1].why).toMatch(/identifier position/);
  });

  it('declared patterns win and need no learning; raw prefixes and raw keys stay opt-ins', () => {
    const p = policy({ patterns: ['leaderboard:global', 'user:{email}:cart'], rawPrefixes: ['config:'] });
    expect(renderKey('leaderboard:global', p)).toMatchObject({ pattern: 'leaderboard:global', rule: 'declared' });
    expect(renderKey('user:a@b.c:cart', p).label).toMatch(/^user:\{email\}:cart#[0-9a-f]{12}$/);
    expect(renderKey('config:flags', p)).toMatchObject({ label: 'config:flags', raw: true, rule: 'raw_prefix' });
    expect(renderKey('k:v', policy({ allowRawKeys: true }))).toMatchObject({ label: 'k:v', rule: 'raw_all' });
    expect(p.engine.renderCounts()).toMatchObject({ declared: 2, raw_prefix: 1 });
  });

  it('standard base64 ids with / give one pattern', () => {
    const p = policy({ learner: { minKeys: 3 } });
    const keys = ids(100, () => randomBytes(30).toString('base64')).map((id) => `tok:${id}`);
    learn(p, keys);
    const patterns = new Set(keys.map((k) => keyPattern(k, p)));
    expect([...patterns]).toEqual(['tok:{id}']);
  });

  it('stays stable within and across windows while confirmed, and forgets after a window without', () => {
    let now = 0;
    const p = policy({ learner: { minKeys: 3, windowMs: 1000, now: () => now } });
    const keys = ids(10).map((id) => `s:${id}`);
    learn(p, keys);
    expect(keyPattern('s:x', p)).toBe('s:{id}');
    const version = p.engine.version;
    now = 1500; // next window: still shown without confirmation
    expect(keyPattern('s:x', p)).toBe('s:{id}');
    learn(p, keys); // confirmed in window 1
    now = 2500;
    expect(keyPattern('s:x', p)).toBe('s:{id}');
    expect(p.engine.version).toBe(version);
    now = 3500; // window 3: not confirmed in window 2
    expect(keyPattern('s:x', p)).toBe('{id}:{id}');
    expect(p.engine.version).toBeGreaterThan(version);
  });

  it('keeps fixed memory: positions and values per position are capped', () => {
    const learner = new PatternLearner({ maxPositions: 4, maxValues: 8 });
    for (let i = 0; i < 10_000; i++) learner.observe(`p${i % 50}`, `v${i}`, i);
    expect(learner.size.positions).toBeLessThanOrEqual(4);
    expect(learner.size.values).toBeLessThanOrEqual(4 * 8);
  });

  it('describes itself and explains a pattern without any key', () => {
    const p = policy({ patterns: ['session:{id}'] });
    const secret = randomBytes(16).toString('hex');
    learn(p, [`session:${secret}`, ...ids(20).map((id) => `q:${id}`)]);
    const text = JSON.stringify([p.engine.describe(), p.engine.explain('q:{id}'), p.engine.explain('session:{id}')]);
    expect(text).toContain('"declared":"session:{id}"');
    expect(text).not.toContain(secret.slice(0, 6));
  });
});

describe('property: no id fragment of 6+ characters in any label, under a Zipf workload', () => {
  it('holds for every shape and for the hottest keys, and learned names stay readable', () => {
    const corpus = buildCorpus(400);
    const rand = mulberry32(11);
    const zipf = new Zipf(corpus.length, 1.1, rand);
    const p = policy();
    // The exporter's view (every key once, scan order) and the library's (Zipf accesses, sampled).
    for (const { key } of corpus) observeKey(key, p);
    const counts = new Map<number, number>();
    for (let i = 0; i < 200_000; i++) {
      const rank = zipf.next() - 1;
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
      if (i % 16 === 0) observeKey(corpus[rank].key, p);
    }
    const labels = corpus.map(({ key }) => renderKey(key, p).label);
    const leaks = leakedIds(stripHashes(labels.join('\n')), new Set(corpus.map((c) => c.id)));
    expect(leaks).toEqual([]);
    const hottest = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 50);
    for (const [rank] of hottest) expect(renderKey(corpus[rank].key, p).label).toMatch(/\{id\}/);
    expect(Object.keys(ID_GENERATORS).length).toBeGreaterThanOrEqual(12);
    expect(keyPattern('acct:x:settings', p)).toBe('acct:{id}:settings');
    expect(keyPattern('uuid_v7:x', p)).toBe('uuid_v7:{id}');
    expect(keyPattern('cache:x:v2', p)).toBe('cache:{id}:v2');
  });
});

describe('renderKey', () => {
  const p = policy({ patterns: ['session:{id}'] });
  it('exports pattern and keyed hash by default, never the key', () => {
    const key = 'session:8f14e45fceea167a5a36dedd4bea2543';
    const rendered = renderKey(key, p);
    expect(rendered.label).toBe(`session:{id}#${keyHash(key, 'test-secret')}`);
    expect(rendered.raw).toBe(false);
    expect(splitRenderedKey(rendered.label)).toEqual({ pattern: 'session:{id}', hash: keyHash(key, 'test-secret') });
  });

  it('hashes differ per key and per secret', () => {
    expect(renderKey('session:a1', p).hash).not.toBe(renderKey('session:a2', p).hash);
    expect(keyHash('k', 'one')).not.toBe(keyHash('k', 'two'));
  });

  it('marks binary segments, escapes raw keys, bounds length', () => {
    expect(keyPattern(Buffer.from([0x6b, 0x3a, 0x00, 0xff, 0x10, 0x3a, 0x61]))).toBe('{id}:{bin}:{id}');
    const raw = policy({ rawPrefixes: ['config:'], maxLength: 20 });
    expect(renderKey('config:\n<script>' + 'y'.repeat(50), raw).label).toBe('config:\\x0a<script>…');
    expect(keyPattern('x'.repeat(1024 * 1024)).length).toBeLessThanOrEqual(200);
  });

  it('never throws and never emits control bytes on arbitrary bytes (fuzz)', () => {
    const rand = mulberry32(42);
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)));
      observeKey(bytes, p);
      const { label } = renderKey(bytes, p);
      expect(label.length).toBeLessThanOrEqual(200);
      expect(label).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });
});

describe('display helpers (shared with the plugin)', () => {
  it('shows control characters as \\xNN and leaves escaped text alone', () => {
    expect(displayable('a\u001bb\n')).toBe('a\\x1bb\\x0a');
    expect(displayable('a\\x0a')).toBe('a\\x0a');
    expect(escapeKeyText('a\\b\u0000')).toBe('a\\\\b\\x00');
  });
});

describe('scrubKeys (log lines) and the env policy', () => {
  it('renders key-shaped tokens in free text by the same rule, leaves URLs and times alone', () => {
    const p = policy({ patterns: ['session:{id}'] });
    const text =
      'GET session:Ab3dEf9hIjKl failed; user:alice@example.com:cart at 12:30:45 redis://host:80/x 10.0.0.1:6379';
    expect(scrubKeys(text, p)).toBe(
      'GET session:{id} failed; {id}:{id}:{id} at 12:30:45 redis://host:80/x 10.0.0.1:6379',
    );
    learn(
      p,
      ids(20).map((id) => `user:${id}:cart`),
    );
    expect(scrubKeys('user:alice@example.com:cart', p)).toBe('user:{id}:cart');
  });

  it('reads patterns, k, V and the window from env, and names a bad variable', () => {
    const p = redactionPolicyFromEnv({
      REDIS_LENS_KEY_PATTERNS: 'session:{id}, user:{email}:cart',
      REDIS_LENS_REDACTION_MIN_KEYS: '4',
      REDIS_LENS_REDACTION_MAX_VALUES: '10',
      REDIS_LENS_REDACTION_WINDOW: '5m',
    });
    expect(p.patterns).toEqual(['session:{id}', 'user:{email}:cart']);
    expect(p.engine.learner.options).toMatchObject({ minKeys: 4, maxValues: 10, windowMs: 300_000 });
    expect(() => redactionPolicyFromEnv({ REDIS_LENS_KEY_PATTERNS: 'a:{b' })).toThrow('REDIS_LENS_KEY_PATTERNS');
    expect(() => redactionPolicyFromEnv({ REDIS_LENS_REDACTION_MIN_KEYS: '0' })).toThrow(
      'REDIS_LENS_REDACTION_MIN_KEYS',
    );
    expect(() => redactionPolicyFromEnv({ REDIS_LENS_REDACTION_WINDOW: 'soon' })).toThrow(
      'REDIS_LENS_REDACTION_WINDOW',
    );
  });
});
