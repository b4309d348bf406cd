/**
 * Keys as segments: `user:42:profile` is the segments `user`, `42`, `profile` joined by `:`. Only `:`, `/` and `|`
 * separate segments. Dots, `@`, `-`, `_`, `+`, `=` and spaces do not: an e-mail address, an IP address, a JWT or a
 * name with a space stays one segment, so it is redacted whole and never leaves a fragment behind. Pure, no Node
 * imports.
 */

/** At most this many segments are looked at; the rest of the key is one more (last) segment. */
export const MAX_SEGMENTS = 12;

export interface SegmentedKey {
  /** `segments.length === separators.length + 1`; `separators[i]` follows `segments[i]`. */
  segments: string[];
  separators: string[];
}

function isSeparator(code: number): boolean {
  return code === 58 /* : */ || code === 47 /* / */ || code === 124; /* | */
}

export function splitKey(text: string): SegmentedKey {
  const segments: string[] = [];
  const separators: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isSeparator(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && isSeparator(text.charCodeAt(end))) end++;
    segments.push(text.slice(start, i));
    separators.push(text.slice(i, end));
    start = i = end;
    if (segments.length === MAX_SEGMENTS - 1) break;
  }
  segments.push(text.slice(start));
  return { segments, separators };
}

/** A segment that is not printable text: invalid UTF-8 (decoded as U+FFFD) or control characters. */
export function isBinarySegment(segment: string): boolean {
  return /[\u0000-\u001f\u007f\ufffd]/.test(segment);
}

/**
 * An operator-declared pattern such as `session:{id}` or `user:{email}:cart`: literal segments must equal the key's,
 * a `{name}` placeholder stands for one segment — or, as the last segment, for the rest of the key (so
 * `session:{id}` also covers an id that contains `/`). Placeholder names are shown as written.
 */
export interface DeclaredPattern {
  text: string;
  parts: ({ literal: string } | { placeholder: string })[];
  separators: string[];
}

const PLACEHOLDER = /^\{([A-Za-z][A-Za-z0-9_-]{0,31})\}$/;

/** Parses a declared pattern; throws an Error saying what is wrong (callers name the setting). */
export function parseDeclaredPattern(text: string): DeclaredPattern {
  if (!text || text.length > 256) throw new Error(`'${text}' must be 1-256 characters`);
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new Error('a pattern cannot hold control characters');
  const { segments, separators } = splitKey(text);
  const parts = segments.map((segment) => {
    const match = PLACEHOLDER.exec(segment);
    if (match) return { placeholder: match[1] };
    if (/[{}]/.test(segment)) throw new Error(`'${segment}' in '${text}' is neither a name nor a {placeholder}`);
    return { literal: segment };
  });
  return { text, parts, separators };
}

export function matchesDeclared(pattern: DeclaredPattern, key: SegmentedKey): boolean {
  const { parts } = pattern;
  const last = parts.length - 1;
  const restPlaceholder = 'placeholder' in parts[last];
  const count = key.segments.length;
  if (restPlaceholder ? count < parts.length : count !== parts.length) return false;
  for (let i = 0; i <= last; i++) {
    if (i > 0 && pattern.separators[i - 1] !== key.separators[i - 1]) return false;
    const part = parts[i];
    if ('literal' in part && part.literal !== key.segments[i]) return false;
  }
  return true;
}

/** Declared patterns indexed by their first literal segment, so matching costs a Map lookup, not a scan of all. */
export class DeclaredPatterns {
  private readonly byFirst = new Map<string, DeclaredPattern[]>();
  private readonly placeholderFirst: DeclaredPattern[] = [];
  readonly list: readonly DeclaredPattern[];

  constructor(texts: readonly string[]) {
    this.list = texts.map(parseDeclaredPattern);
    for (const pattern of this.list) {
      const first = pattern.parts[0];
      if ('literal' in first) {
        const bucket = this.byFirst.get(first.literal) ?? [];
        bucket.push(pattern);
        this.byFirst.set(first.literal, bucket);
      } else this.placeholderFirst.push(pattern);
    }
  }

  hasFirst(segment: string): boolean {
    return this.byFirst.has(segment);
  }

  /** The matching pattern: those starting with a literal first, each group in declaration order. */
  match(key: SegmentedKey): DeclaredPattern | undefined {
    const bucket = this.byFirst.get(key.segments[0]);
    if (bucket) for (const p of bucket) if (matchesDeclared(p, key)) return p;
    for (const p of this.placeholderFirst) if (matchesDeclared(p, key)) return p;
    return undefined;
  }
}
