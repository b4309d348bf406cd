import { keyPattern, type RedactionPolicy } from '@redis-lens/instrument/redaction';
import { luaFind, LuaPatternError } from './lua-pattern';

/** redis_exporter's group for a key no `--check-key-groups` pattern matched. */
export const UNCLASSIFIED = 'unclassified';

/** Turns a key into its `key_group`: the redacted pattern by default, or redis_exporter's Lua patterns. */
export type KeyGrouper = (key: Buffer) => string;

/** The default: the key's pattern under the one redaction engine (never the raw key). */
export function patternGrouper(policy: RedactionPolicy): KeyGrouper {
  return (key) => keyPattern(key, policy);
}

/**
 * `--check-key-groups`: the first pattern that `string.find`s the key gives the group, the concatenation of its
 * captures (empty when it has none, as in redis_exporter); no match gives `unclassified`. A capture can copy any part
 * of a key into a label: that is the operator's explicit choice, as with redis_exporter. A key that makes a pattern
 * too expensive falls through to the next one.
 */
export function luaGrouper(patterns: readonly string[]): KeyGrouper {
  return (key) => {
    const text = key.toString('latin1');
    for (const pattern of patterns) {
      try {
        const found = luaFind(text, pattern);
        if (found) return Buffer.from(found.captures.join(''), 'latin1').toString('utf8');
      } catch (error) {
        if (!(error instanceof LuaPatternError)) throw error;
      }
    }
    return UNCLASSIFIED;
  };
}

/** redis_exporter reads the flag as one CSV record; quotes allow a comma inside a pattern. */
export function splitKeyGroups(text: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && !field.trim()) {
      quoted = true;
      field = '';
    } else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim()).filter(Boolean);
}
