import { createHash } from 'node:crypto';
import { seededRandom } from '../../../demo/src/zipf';

/**
 * Identifier generators in the shapes real applications put in Redis keys, seeded and deterministic. Used by the
 * redaction property tests (pure and on a real Redis) and by `npm run bench redaction`.
 */
export type Rand = () => number;

/** The demo's seeded PRNG (mulberry32), so corpora and workloads draw from one generator. */
export const mulberry32: (seed: number) => Rand = seededRandom;

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const FIRST = ['maria', 'james', 'wei', 'fatima', 'olga', 'juan', 'aiko', 'noah', 'priya', 'lucas', 'emma', 'omar'];
const LAST = ['garcia', 'smith', 'zhang', 'khan', 'ivanova', 'silva', 'tanaka', 'muller', 'patel', 'obrien'];
// No word that, joined to another, spells project vocabulary (`river-ho` is in `server-hotkeys`).
const WORDS = ['correct', 'horse', 'battery', 'staple', 'amber', 'falcon', 'tundra', 'quartz', 'meadow', 'violet'];
const DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net'];

function pick(rand: Rand, alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}
function bytes(rand: Rand, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
}
function one<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}
function uuid(rand: Rand, version: 4 | 7): string {
  const b = bytes(rand, 16);
  if (version === 7) b.writeUIntBE(1_764_547_200_000 + Math.floor(rand() * 1e9), 0, 6);
  b[6] = (b[6] & 0x0f) | (version << 4);
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** name → generator. At least a dozen shapes, several alphabets and lengths. */
export const ID_GENERATORS: Record<string, (rand: Rand) => string> = {
  short_base62: (r) => pick(r, B62, 10),
  short_base36: (r) => pick(r, B36, 8),
  short_crockford: (r) => pick(r, CROCKFORD, 12),
  long_base62: (r) => pick(r, B62, 32),
  hex128: (r) => pick(r, HEX, 32),
  uuid_v4: (r) => uuid(r, 4),
  uuid_v7: (r) => uuid(r, 7),
  ulid: (r) => pick(r, '01', 1) + pick(r, CROCKFORD, 25),
  ksuid: (r) => pick(r, B62, 27),
  snowflake: (r) => String(1_100_000_000_000_000_000n + BigInt(Math.floor(r() * 1e15)) * 1000n),
  jwt: (r) =>
    [
      Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
      Buffer.from(JSON.stringify({ sub: pick(r, B62, 12), iat: Math.floor(r() * 1e9) })).toString('base64url'),
      createHash('sha256').update(bytes(r, 8)).digest('base64url'),
    ].join('.'),
  base64_std: (r) => bytes(r, 24).toString('base64'),
  base64_url: (r) => bytes(r, 24).toString('base64url'),
  email: (r) => `${one(r, FIRST)}.${one(r, LAST)}${Math.floor(r() * 1000)}@${one(r, DOMAINS)}`,
  phone: (r) => `+49${pick(r, '123456789', 1)}${pick(r, '0123456789', 10)}`,
  ipv4: (r) => Array.from({ length: 4 }, () => Math.floor(r() * 256)).join('.'),
  ipv6: (r) => Array.from({ length: 8 }, () => pick(r, HEX, 4)).join(':'),
  person: (r) => `${one(r, FIRST)} ${one(r, LAST)}-${one(r, LAST)}`,
  words: (r) => `${one(r, WORDS)}-${one(r, WORDS)}-${one(r, WORDS)}-${Math.floor(r() * 100)}`,
  with_separators: (r) => `${pick(r, B36, 6)}:${pick(r, B36, 6)}/${pick(r, B36, 7)}`,
};

/** Key shapes an id is put in: namespaced, nested with a per-entity fan-out, in the middle, or bare. */
export interface CorpusKey {
  key: string;
  id: string;
  shape: string;
}

/** The per-entity sub-keys (fan-out 4, below k) of `user:{id}:…`-style keys. */
export const ENTITY_FIELDS = ['profile', 'cart', 'settings', 'orders'];

/**
 * `perShape` ids of every shape in keys: `<shape>:{id}`, `acct:{id}:<field>` (fan-out 4), `cache:{id}:v2` and, for a
 * third of the shapes, bare `{id}` keys.
 */
export function buildCorpus(perShape: number, seed = 7): CorpusKey[] {
  const rand = mulberry32(seed);
  const out: CorpusKey[] = [];
  Object.entries(ID_GENERATORS).forEach(([shape, gen], index) => {
    for (let i = 0; i < perShape; i++) {
      const id = gen(rand);
      const form = i % 4;
      if (form === 0) out.push({ key: `${shape}:${id}`, id, shape });
      else if (form === 1) for (const f of ENTITY_FIELDS) out.push({ key: `acct:${id}:${f}`, id, shape });
      else if (form === 2) out.push({ key: `cache:${id}:v2`, id, shape });
      else out.push({ key: index % 3 === 0 ? id : `${shape}:${id}`, id, shape });
    }
  });
  return out;
}

/** Every 6-character window of `id` (ids shorter than 6 have none: they are below the fragment size checked). */
export function fragments(id: string, size = 6): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= id.length; i++) out.push(id.slice(i, i + size));
  return out;
}

/**
 * The ids (with the fragment that leaked) found in `emitted`: texts as they left the process, with keyed hashes and
 * trace ids already stripped by the caller. One index of the emitted windows, then a lookup per id window.
 */
export function leakedIds(emitted: string, ids: Iterable<string>, size = 6): { id: string; fragment: string }[] {
  const windows = new Set<string>();
  for (let i = 0; i + size <= emitted.length; i++) windows.add(emitted.slice(i, i + size));
  const out: { id: string; fragment: string }[] = [];
  for (const id of ids) {
    const hit = fragments(id, size).find((f) => windows.has(f));
    if (hit) out.push({ id, fragment: hit });
  }
  return out;
}

/** Removes what is not key-derived but could look like a fragment: `#hash` suffixes and hex trace/span ids. */
export function stripHashes(text: string): string {
  return text.replace(/#[0-9a-f]{12}/g, '#').replace(/\b[0-9a-f]{16}(?:[0-9a-f]{16})?\b/g, '');
}
