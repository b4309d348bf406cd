/**
 * Lua 5.1 patterns, as `string.find(key, pattern)` uses them in redis_exporter's `--check-key-groups` script: a key
 * belongs to the first pattern that matches anywhere in it (or from the start with `^`), and its group is the
 * concatenation of the pattern's captures. Hand-written because no npm package implements Lua patterns for Buffers
 * of arbitrary bytes; it covers the whole pattern language (classes, sets, `* + - ?`, anchors, captures, position
 * captures, `%b`, `%f`, back-references). Matching is on bytes (Lua strings are bytes), read as latin1 here.
 */

const MAX_CAPTURES = 32;
/** Guards against pathological patterns on hostile keys (Lua's own C stack limit plays this role). */
const MAX_STEPS = 200_000;

export class LuaPatternError extends Error {}

interface Capture {
  start: number;
  /** -1 while open, -2 for a position capture `()`. */
  len: number;
}

class Matcher {
  level = 0;
  captures: Capture[] = [];
  steps = 0;
  constructor(
    readonly src: string,
    readonly pat: string,
  ) {}

  classEnd(p: number): number {
    const pat = this.pat;
    if (p >= pat.length) throw new LuaPatternError('malformed pattern (ends with a class)');
    const c = pat[p++];
    if (c === '%') {
      if (p >= pat.length) throw new LuaPatternError("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === '[') {
      if (pat[p] === '^') p++;
      do {
        if (p >= pat.length) throw new LuaPatternError("malformed pattern (missing ']')");
        const cc = pat[p++];
        if (cc === '%') p++;
      } while (pat[p] !== ']');
      return p + 1;
    }
    return p;
  }

  private singleMatch(s: number, p: number, ep: number): boolean {
    if (s >= this.src.length) return false;
    const c = this.src.charCodeAt(s);
    const pc = this.pat[p];
    if (pc === '.') return true;
    if (pc === '%') return matchClass(c, this.pat[p + 1]);
    if (pc === '[') return this.matchBracket(c, p, ep - 1);
    return this.pat.charCodeAt(p) === c;
  }

  /** `p` at '[', `ec` at the closing ']'. */
  private matchBracket(c: number, p: number, ec: number): boolean {
    let sig = true;
    if (this.pat[p + 1] === '^') {
      sig = false;
      p++;
    }
    while (++p < ec) {
      if (this.pat[p] === '%') {
        p++;
        if (matchClass(c, this.pat[p])) return sig;
      } else if (this.pat[p + 1] === '-' && p + 2 < ec) {
        if (this.pat.charCodeAt(p) <= c && c <= this.pat.charCodeAt(p + 2)) return sig;
        p += 2;
      } else if (this.pat.charCodeAt(p) === c) return sig;
    }
    return !sig;
  }

  match(s: number, p: number): number {
    if (++this.steps > MAX_STEPS) throw new LuaPatternError('pattern too complex for this key');
    const pat = this.pat;
    for (;;) {
      if (p >= pat.length) return s;
      const pc = pat[p];
      if (pc === '(') {
        if (pat[p + 1] === ')') return this.startCapture(s, p + 2, -2);
        return this.startCapture(s, p + 1, -1);
      }
      if (pc === ')') return this.endCapture(s, p + 1);
      if (pc === '$' && p + 1 === pat.length) return s === this.src.length ? s : -1;
      if (pc === '%' && pat[p + 1] === 'b') return this.matchBalance(s, p + 2);
      if (pc === '%' && pat[p + 1] === 'f') {
        p += 2;
        if (pat[p] !== '[') throw new LuaPatternError("missing '[' after '%f' in pattern");
        const ep = this.classEnd(p);
        const prev = s === 0 ? 0 : this.src.charCodeAt(s - 1);
        const cur = s < this.src.length ? this.src.charCodeAt(s) : 0;
        if (this.matchBracket(prev, p, ep - 1) || !this.matchBracket(cur, p, ep - 1)) return -1;
        p = ep;
        continue;
      }
      if (pc === '%' && /[0-9]/.test(pat[p + 1] ?? '')) {
        s = this.matchCapture(s, pat.charCodeAt(p + 1));
        if (s === -1) return -1;
        p += 2;
        continue;
      }
      const ep = this.classEnd(p);
      const m = this.singleMatch(s, p, ep);
      const q = pat[ep];
      if (q === '?') {
        if (m) {
          const r = this.match(s + 1, ep + 1);
          if (r !== -1) return r;
        }
        p = ep + 1;
        continue;
      }
      if (q === '*') return this.maxExpand(s, p, ep);
      if (q === '+') return m ? this.maxExpand(s + 1, p, ep) : -1;
      if (q === '-') return this.minExpand(s, p, ep);
      if (!m) return -1;
      s++;
      p = ep;
    }
  }

  private maxExpand(s: number, p: number, ep: number): number {
    let i = 0;
    while (this.singleMatch(s + i, p, ep)) i++;
    while (i >= 0) {
      const r = this.match(s + i, ep + 1);
      if (r !== -1) return r;
      i--;
    }
    return -1;
  }

  private minExpand(s: number, p: number, ep: number): number {
    for (;;) {
      const r = this.match(s, ep + 1);
      if (r !== -1) return r;
      if (this.singleMatch(s, p, ep)) s++;
      else return -1;
    }
  }

  private startCapture(s: number, p: number, what: number): number {
    if (this.level >= MAX_CAPTURES) throw new LuaPatternError('too many captures');
    this.captures[this.level] = { start: s, len: what };
    this.level++;
    const r = this.match(s, p);
    if (r === -1) this.level--;
    return r;
  }

  private endCapture(s: number, p: number): number {
    let l = -1;
    for (let i = this.level - 1; i >= 0; i--) {
      if (this.captures[i].len === -1) {
        l = i;
        break;
      }
    }
    if (l < 0) throw new LuaPatternError('invalid pattern capture');
    this.captures[l].len = s - this.captures[l].start;
    const r = this.match(s, p);
    if (r === -1) this.captures[l].len = -1;
    return r;
  }

  private matchBalance(s: number, p: number): number {
    if (p + 1 >= this.pat.length) throw new LuaPatternError("missing arguments to '%b'");
    if (s >= this.src.length || this.src[s] !== this.pat[p]) return -1;
    const open = this.pat[p];
    const close = this.pat[p + 1];
    let depth = 1;
    let i = s + 1;
    while (i < this.src.length) {
      const c = this.src[i];
      if (c === close) {
        if (--depth === 0) return this.match(i + 1, p + 2);
      } else if (c === open) depth++;
      i++;
    }
    return -1;
  }

  private matchCapture(s: number, digit: number): number {
    const l = digit - 49; // '1' → 0
    if (l < 0 || l >= this.level || this.captures[l].len === -1) throw new LuaPatternError('invalid capture index');
    const { start, len } = this.captures[l];
    const text = this.src.substr(start, len);
    return this.src.startsWith(text, s) ? s + len : -1;
  }
}

function matchClass(c: number, cl: string): boolean {
  const lower = cl.toLowerCase();
  let res: boolean;
  switch (lower) {
    case 'a':
      res = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      break;
    case 'c':
      res = c < 32 || c === 127;
      break;
    case 'd':
      res = c >= 48 && c <= 57;
      break;
    case 'l':
      res = c >= 97 && c <= 122;
      break;
    case 'p':
      res = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
      break;
    case 's':
      res = c === 32 || (c >= 9 && c <= 13);
      break;
    case 'u':
      res = c >= 65 && c <= 90;
      break;
    case 'w':
      res = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      break;
    case 'x':
      res = (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
      break;
    default:
      return cl.charCodeAt(0) === c;
  }
  return cl === lower ? res : !res;
}

export interface LuaFindResult {
  start: number;
  end: number;
  /** Captured text; a position capture gives its 1-based position as text, as Lua does. */
  captures: string[];
}

/** `string.find(subject, pattern)` (init 1, not plain): the first match, or undefined. Throws LuaPatternError. */
export function luaFind(subject: string, pattern: string): LuaFindResult | undefined {
  const anchor = pattern.startsWith('^');
  const pat = anchor ? pattern.slice(1) : pattern;
  let s = 0;
  do {
    const m = new Matcher(subject, pat);
    const e = m.match(s, 0);
    if (e !== -1) {
      const captures = m.captures
        .slice(0, m.level)
        .map((c) => (c.len === -2 ? String(c.start + 1) : subject.substr(c.start, c.len)));
      return { start: s, end: e, captures };
    }
    s++;
  } while (s <= subject.length && !anchor);
  return undefined;
}

/** Checks a pattern compiles (redis_exporter's script errors out on a malformed one); returns the problem or undefined. */
export function luaPatternProblem(pattern: string): string | undefined {
  try {
    // Lua reports most malformations only when the matcher reaches them; a match against a probe string that walks
    // every element (no element can match NUL-free text shorter than the pattern's fixed part) finds most of them.
    luaFind(' ', pattern);
    luaFind('', pattern);
    walkPattern(pattern.startsWith('^') ? pattern.slice(1) : pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Walks every element of a pattern without a subject, so malformed sets, `%` at the end or bad captures surface. */
function walkPattern(pat: string): void {
  const m = new Matcher('', pat);
  let open = 0;
  let p = 0;
  while (p < pat.length) {
    const c = pat[p];
    if (c === '(') {
      open++;
      p += pat[p + 1] === ')' ? 2 : 1;
      if (pat[p - 1] === ')') open--;
      continue;
    }
    if (c === ')') {
      if (--open < 0) throw new LuaPatternError('invalid pattern capture');
      p++;
      continue;
    }
    if (c === '%' && pat[p + 1] === 'b') {
      if (pat.length < p + 4) throw new LuaPatternError("missing arguments to '%b'");
      p += 4;
      continue;
    }
    if (c === '%' && pat[p + 1] === 'f') {
      if (pat[p + 2] !== '[') throw new LuaPatternError("missing '[' after '%f' in pattern");
      p = m.classEnd(p + 2);
      continue;
    }
    p = m.classEnd(p);
    if ('*+-?'.includes(pat[p] ?? '')) p++;
  }
  if (open > 0) throw new LuaPatternError('unfinished capture');
}
