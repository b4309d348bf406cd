import { createHmac, randomBytes } from 'node:crypto';
import { ConfigError } from './config-error';
import { escapeKeyText, truncateText } from './redaction/display';
import { RedactionEngine, type RedactionRule } from './redaction/engine';
import type { LearnerOptions } from './redaction/learner';

/**
 * Key redaction shared by the exporter (server-side hot keys), the instrumentation library (client-side hot keys,
 * log lines) and the plugin (display helpers in ./redaction/display, browser-safe). Keys such as `session:8f14e45f…`
 * are secrets: by default only their *pattern* (`session:{id}`) and a short keyed hash leave the process.
 *
 * The guarantee: a label never carries a key segment that fewer than k keys share. A segment is shown only when the
 * operator declared it (`patterns`) or the learner saw at least k distinct keys carry it at the same position,
 * among at most V distinct values there (redaction/learner.ts); a raw key only under an allowed prefix or when raw
 * keys are allowed. Everything else is `{id}`; the keyed hash still tells keys apart.
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
  /** Declared patterns (`session:{id}`, `user:{email}:cart`): keys matching one render as it. */
  patterns: readonly string[];
  /** Learner settings: k (`minKeys`), V (`maxValues`), `windowMs`, `maxPositions`. */
  learner: Partial<LearnerOptions>;
  /** The engine (learned vocabulary and counts per rule), shared by everything rendering with this policy. */
  engine: RedactionEngine;
}

export interface RenderedKey {
  /** The label value to export: `pattern#hash`, or the escaped raw key when policy allows. */
  label: string;
  pattern: string;
  hash: string;
  raw: boolean;
  /** Which rule decided the rendering. */
  rule: RedactionRule;
}

export { RedactionEngine, REDACTION_RULES, type RedactionRule } from './redaction/engine';
export { DEFAULT_LEARNER_OPTIONS, type LearnerOptions } from './redaction/learner';
export { escapeKeyText, displayable, splitRenderedKey } from './redaction/display';

export const DEFAULT_MAX_KEY_LENGTH = 200;
/** Bytes of a key that are looked at: a 1 MB key costs no more than a 4 KB one. */
const MAX_INSPECTED_BYTES = 4096;
const HASH_HEX_CHARS = 12;

export function createRedactionPolicy(overrides: Partial<RedactionPolicy> = {}): RedactionPolicy {
  const patterns = overrides.patterns ?? [];
  const learner = overrides.learner ?? {};
  return {
    hashSecret: overrides.hashSecret ?? randomBytes(32),
    rawPrefixes: overrides.rawPrefixes ?? [],
    allowRawKeys: overrides.allowRawKeys ?? false,
    maxLength: overrides.maxLength ?? DEFAULT_MAX_KEY_LENGTH,
    patterns,
    learner,
    engine: overrides.engine ?? new RedactionEngine({ ...learner, patterns }),
  };
}

/** Env var names, shared with the exporter's flags (docs/exporter.md). */
export const REDACTION_ENV = {
  hashSecret: 'REDIS_LENS_KEY_HASH_SECRET',
  rawPrefixes: 'REDIS_LENS_RAW_KEY_PREFIXES',
  allowRawKeys: 'REDIS_LENS_ALLOW_RAW_KEYS',
  patterns: 'REDIS_LENS_KEY_PATTERNS',
  minKeys: 'REDIS_LENS_REDACTION_MIN_KEYS',
  maxValues: 'REDIS_LENS_REDACTION_MAX_VALUES',
  window: 'REDIS_LENS_REDACTION_WINDOW',
} as const;

/** Splits a list of prefixes or patterns given as one string (commas or whitespace). */
export function splitPatternList(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter(Boolean);
}

/** Checks declared patterns, throwing a ConfigError naming `setting`. */
export function validatePatterns(setting: string, patterns: readonly string[]): void {
  try {
    new RedactionEngine({ patterns });
  } catch (error) {
    throw new ConfigError(setting, (error as Error).message);
  }
}

function positiveInt(setting: string, text: string | undefined): number | undefined {
  if (!text) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new ConfigError(setting, `'${text}' is not a positive integer`);
  return Number(text);
}

/** `10m`, `30s`, `1h` or milliseconds. */
export function parseWindow(setting: string, text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 'ms']! : NaN;
  if (!(ms >= 1000)) throw new ConfigError(setting, `'${text}' is not a duration of at least 1s (e.g. 10m)`);
  return Math.round(ms);
}

/**
 * Policy from the environment: REDIS_LENS_KEY_HASH_SECRET, REDIS_LENS_RAW_KEY_PREFIXES (list),
 * REDIS_LENS_ALLOW_RAW_KEYS, REDIS_LENS_KEY_PATTERNS (list), REDIS_LENS_REDACTION_MIN_KEYS (k),
 * REDIS_LENS_REDACTION_MAX_VALUES (V), REDIS_LENS_REDACTION_WINDOW. Invalid values throw a ConfigError naming the var.
 */
export function redactionPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RedactionPolicy {
  const patterns = splitPatternList(env[REDACTION_ENV.patterns]);
  validatePatterns(REDACTION_ENV.patterns, patterns);
  const learner: Partial<LearnerOptions> = {};
  const minKeys = positiveInt(REDACTION_ENV.minKeys, env[REDACTION_ENV.minKeys]);
  const maxValues = positiveInt(REDACTION_ENV.maxValues, env[REDACTION_ENV.maxValues]);
  const windowMs = parseWindow(REDACTION_ENV.window, env[REDACTION_ENV.window]);
  if (minKeys !== undefined) learner.minKeys = minKeys;
  if (maxValues !== undefined) learner.maxValues = maxValues;
  if (windowMs !== undefined) learner.windowMs = windowMs;
  return createRedactionPolicy({
    hashSecret: env[REDACTION_ENV.hashSecret] || undefined,
    rawPrefixes: splitPatternList(env[REDACTION_ENV.rawPrefixes]),
    allowRawKeys: /^(1|true|yes)$/i.test(env[REDACTION_ENV.allowRawKeys] ?? ''),
    patterns,
    learner,
  });
}

let processPolicy: RedactionPolicy | undefined;
/**
 * The process-wide policy from the environment, created on first use: the library's hot keys and its logger share
 * it, so what one learns the other uses.
 */
export function defaultRedactionPolicy(): RedactionPolicy {
  return (processPolicy ??= redactionPolicyFromEnv());
}

function asBuffer(key: string | Buffer | Uint8Array): Buffer {
  return typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
}

/** The inspected head of a key as text (invalid UTF-8 becomes U+FFFD, which renders as `{bin}`). */
function headText(key: string | Buffer | Uint8Array): { text: string; cut: boolean } {
  if (typeof key === 'string' && key.length <= MAX_INSPECTED_BYTES / 4) return { text: key, cut: false };
  const bytes = asBuffer(key);
  return {
    text: bytes.subarray(0, MAX_INSPECTED_BYTES).toString('utf8'),
    cut: bytes.length > MAX_INSPECTED_BYTES,
  };
}

/**
 * Feeds one key to the policy's learner (the exporter's scan, a sample of the library's client stream). `hash` is
 * the key's `hash32` when the caller computed it already (the hot-key tracker); it is used only when the learner sees
 * the key whole, so every caller fingerprints the same text the same way.
 */
export function observeKey(key: string | Buffer | Uint8Array, policy: RedactionPolicy, hash?: number): void {
  const { text } = headText(key);
  policy.engine.observe(text, text === key ? hash : undefined);
}

/** The key's pattern under the policy (declared patterns and what its engine has learned), without counting it. */
export function keyPattern(key: string | Buffer | Uint8Array, policy: RedactionPolicy = COLD_POLICY): string {
  const { text, cut } = headText(key);
  return truncateText(policy.engine.pattern(text).pattern + (cut ? '…' : ''), policy.maxLength);
}
const COLD_POLICY = createRedactionPolicy({ hashSecret: 'unused' });

/** Short keyed hash (HMAC-SHA256) of the full key bytes. */
export function keyHash(key: string | Buffer | Uint8Array, secret: string | Buffer): string {
  return createHmac('sha256', secret).update(asBuffer(key)).digest('hex').slice(0, HASH_HEX_CHARS);
}

export function renderKey(key: string | Buffer | Uint8Array, policy: RedactionPolicy): RenderedKey {
  const hash = keyHash(key, policy.hashSecret);
  const { text, cut } = headText(key);
  const rawRule: RedactionRule | undefined = policy.allowRawKeys
    ? 'raw_all'
    : policy.rawPrefixes.some((prefix) => text.startsWith(prefix))
      ? 'raw_prefix'
      : undefined;
  const { pattern: shape, rule } = policy.engine.pattern(text);
  const pattern = truncateText(shape + (cut ? '…' : ''), policy.maxLength);
  policy.engine.count(rawRule ?? rule);
  if (rawRule) {
    const escaped = escapeKeyText(text) + (cut ? '…' : '');
    return { label: truncateText(escaped, policy.maxLength), pattern, hash, raw: true, rule: rawRule };
  }
  // Keep room for "#" + hash so a truncated pattern still carries its hash.
  const label = `${truncateText(pattern, policy.maxLength - HASH_HEX_CHARS - 1)}#${hash}`;
  return { label, pattern, hash, raw: false, rule };
}

/**
 * Replaces key-shaped tokens in free text (`GET session:Ab3…`, `user:alice@example.com:cart`: a token with a `:`) by
 * their pattern, so log lines follow the same rule as labels — at cold start that is `{id}:{id}`. URLs
 * (`redis://host:6379`) and tokens made only of digits and time punctuation (`12:30:45`, `127.0.0.1:6379`,
 * `2026-12-01T00:11:09Z`) are left alone. A bare id without a separator is not recognisable in free text: log keys
 * in a `key` field (logger.ts KEY_FIELDS), which is rendered whole.
 */
export function scrubKeys(text: string, policy: RedactionPolicy): string {
  if (text.length > 64 * 1024 || text.indexOf(':') < 0) return text;
  return text.replace(KEY_TOKEN, (token) => {
    if (token.indexOf(':') < 0 || token.includes('://') || NOT_A_KEY.test(token)) return token;
    return policy.engine.pattern(token).pattern;
  });
}
const NOT_A_KEY = /^[\d.:+TZ-]+$/;
const KEY_TOKEN = /[^\s"'`,;()<>[\]{}=:/|]+(?:[:/|]+[^\s"'`,;()<>[\]{}=:/|]+)+/g;
