/**
 * The one 32-bit string hash of the client's per-access path: computed once per access and shared by the top-k
 * sketch, the exact counts of flagged keys and the redaction learner, since hashing the key is most of the cost
 * (bench/hotkeys.bench.ts). Pure, no Node imports (the redaction engine also runs in the plugin).
 *
 * FNV-1a-style over pairs of UTF-16 code units (one multiply per two characters), then a murmur3 finaliser for
 * avalanche. Each step is a bijection of the state, so equal-length keys that differ anywhere hash apart before
 * the finaliser.
 */
export function hash32(key: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) | 0;
  const n = key.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = Math.imul(h ^ (key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16)), 0x01000193);
  if (i < n) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return fmix32(h ^ n);
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One step of xorshift32 (Marsaglia): the cheap uniform draws of the per-access path (samples, sketch decay). */
export function xorshift32(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x;
}
