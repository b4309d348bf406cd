import { createHmac, randomBytes } from 'node:crypto';

/**
 * Key redaction shared by the exporter (server-side hot keys) and the instrumentation library (client-side hot
 * keys, span attributes). Keys such as `session:8f14e45f…` are secrets: by default only their *pattern*
 * (`session:{id}`) and a short keyed hash leave the process, so operators can tell keys apart and correlate them
 * across exporters sharing a secret, without being able to recover the key.
 */
export interface RedactionPolicy {
  /** HMAC secret. Share it between processes to get comparable hashes; random per process when unset. */
  hashSecret: string | Buffer;
  /** Keys starting with one of these prefixes are exported raw (escaped and truncated). */
  rawPrefixes: readonly string[];
  /** Export every key raw. Only for operators who know their keys hold no secrets. */
  allowRawKeys: boolean;
  /** Longest rendered label value, in characters. */
  maxLength: number;
}

export interface RenderedKey {
  /** The label value to export: `pattern#hash`, or the escaped raw key when policy allows. */
  label: string;
  pattern: string;
  hash: string;
  raw: boolean;
}

export const DEFAULT_MAX_KEY_LENGTH = 200;
/** Bytes of a key that are looked at: a 1 MB key costs no more than a 4 KB one. */
const MAX_INSPECTED_BYTES = 4096;
const HASH_HEX_CHARS = 12;

export function createRedactionPolicy(overrides: Partial<RedactionPolicy> = {}): RedactionPolicy {
  return {
    hashSecret: overrides.hashSecret ?? randomBytes(32),
    rawPrefixes: overrides.rawPrefixes ?? [],
    allowRawKeys: overrides.allowRawKeys ?? false,
    maxLength: overrides.maxLength ?? DEFAULT_MAX_KEY_LENGTH,
  };
}

/** Policy from the environment: REDIS_LENS_KEY_HASH_SECRET, REDIS_LENS_RAW_KEY_PREFIXES (comma list), REDIS_LENS_ALLOW_RAW_KEYS. */
export function redactionPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RedactionPolicy {
  return createRedactionPolicy({
    hashSecret: env.REDIS_LENS_KEY_HASH_SECRET || undefined,
    rawPrefixes: (env.REDIS_LENS_RAW_KEY_PREFIXES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    allowRawKeys: /^(1|true|yes)$/i.test(env.REDIS_LENS_ALLOW_RAW_KEYS ?? ''),
  });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const SEPARATORS = /([:/|.#@=,;{}[\] ]+)/;
/** lowercase, Capitalized or ALLCAPS words, or camelCase of at most four words, each at most 15 letters. */
const WORD_SHAPED = /^(?:[A-Z]{1,15}|[A-Z]?[a-z]{1,15}(?:[A-Z][a-z]{1,15}){0,3})$/;

/** True when a segment looks like an identifier rather than a name an operator chose. */
export function looksLikeId(segment: string): boolean {
  if (segment === '{id}') return true;
  if (/^\d+$/.test(segment)) return true;
  if (/^[0-9a-f]{8,}$/i.test(segment) && /\d/.test(segment)) return true;
  if (/^[0-9a-f-]{16,}$/i.test(segment) && /\d/.test(segment)) return true;
  // Long tokens (session ids, JWT parts, base64url): a long segment is a name only when every `-`/`_` part is
  // word-shaped (`leaderboard`, `Global`, `FLAGS`, `leaderboardGlobalWeekly`); anything else long is an id. A ratio
  // of capitals or digits is not enough: a random base64url id has no digit about once in 250 draws.
  if (segment.length >= 16 && /^[A-Za-z0-9_\-+=~]+$/.test(segment)) {
    return !segment
      .split(/[-_]+/)
      .filter(Boolean)
      .every((part) => WORD_SHAPED.test(part));
  }
  // A short word followed by a long number, e.g. `u12345678`.
  return /^[A-Za-z_-]{0,3}\d{6,}$/.test(segment);
}

/** Printable ASCII and letters stay; anything else becomes \xNN or \u{…} so a label never carries control bytes. */
export function escapeKeyText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else if (code === 0x5c) {
      out += '\\\\';
    } else if (code === 0xfffd || (code >= 0xd800 && code <= 0xdfff)) {
      out += '\\ufffd';
    } else {
      out += ch;
    }
  }
  return out;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Avoid cutting a surrogate pair in half.
  const chars = Array.from(text);
  let out = '';
  for (const ch of chars) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function asBuffer(key: string | Buffer | Uint8Array): Buffer {
  return typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
}

/** The key's shape with id-like segments replaced by `{id}` and binary segments by `{bin}`. */
export function keyPattern(key: string | Buffer | Uint8Array, maxLength = DEFAULT_MAX_KEY_LENGTH): string {
  const bytes = asBuffer(key);
  const inspected = bytes.subarray(0, MAX_INSPECTED_BYTES);
  const text = inspected.toString('utf8').replace(UUID, '{id}');
  const parts = text.split(SEPARATORS).map((part, index) => {
    if (index % 2 === 1) return part; // a separator run
    if (part === '') return part;
    if (/[\u0000-\u001f\u007f\ufffd]/.test(part)) return '{bin}';
    return looksLikeId(part) ? '{id}' : part;
  });
  const pattern = escapeKeyText(parts.join('')) + (bytes.length > MAX_INSPECTED_BYTES ? '…' : '');
  return truncate(pattern, maxLength);
}

/** Short keyed hash (HMAC-SHA256) of the full key bytes. */
export function keyHash(key: string | Buffer | Uint8Array, secret: string | Buffer): string {
  return createHmac('sha256', secret).update(asBuffer(key)).digest('hex').slice(0, HASH_HEX_CHARS);
}

export function renderKey(key: string | Buffer | Uint8Array, policy: RedactionPolicy): RenderedKey {
  const bytes = asBuffer(key);
  const hash = keyHash(bytes, policy.hashSecret);
  const pattern = keyPattern(bytes, policy.maxLength);
  const head = bytes.subarray(0, MAX_INSPECTED_BYTES).toString('utf8');
  const raw = policy.allowRawKeys || policy.rawPrefixes.some((prefix) => head.startsWith(prefix));
  if (raw) {
    const escaped = escapeKeyText(head) + (bytes.length > MAX_INSPECTED_BYTES ? '…' : '');
    return { label: truncate(escaped, policy.maxLength), pattern, hash, raw: true };
  }
  // Keep room for "#" + hash so a truncated pattern still carries its hash.
  const label = `${truncate(pattern, policy.maxLength - HASH_HEX_CHARS - 1)}#${hash}`;
  return { label, pattern, hash, raw: false };
}
