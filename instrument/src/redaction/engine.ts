import { BIN_PLACEHOLDER, ID_PLACEHOLDER, escapeKeyText } from './display';
import { PatternLearner, fingerprint, type LearnerOptions, type SegmentVerdict } from './learner';
import { DeclaredPatterns, isBinarySegment, splitKey, type SegmentedKey } from './segments';

/**
 * The redaction engine: turns a key into the pattern every part of redis-lens shows (`session:{id}`), by one rule —
 * a segment is shown only when the operator declared it or the learner saw it shared by at least k keys at its
 * position (learner.ts); everything else is `{id}`. Pure, no Node imports; the keyed hash is added by redaction.ts.
 */

/** Why a key was rendered as it was; the label of `redis_exporter_key_redactions_total` / `redislens.key.redactions`. */
export type RedactionRule = 'raw_all' | 'raw_prefix' | 'declared' | 'learned' | 'default_id';
export const REDACTION_RULES: readonly RedactionRule[] = ['raw_all', 'raw_prefix', 'declared', 'learned', 'default_id'];

export interface EngineOptions extends Partial<LearnerOptions> {
  /** Declared patterns (`session:{id}`, `user:{email}:cart`). */
  patterns?: readonly string[];
}

export interface PatternResult {
  pattern: string;
  rule: 'declared' | 'learned' | 'default_id';
}

const RECENT_SLOTS = 4096;

/**
 * A position: the rendered prefix, and the first separator character after the segment (none for the last one),
 * so `tok:/x` counts where `tok:x` does.
 */
function positionOf(prefix: string, after: string): string {
  return `${prefix}\u0000${after.charAt(0)}`;
}

export class RedactionEngine {
  readonly learner: PatternLearner;
  readonly declared: DeclaredPatterns;
  private readonly counts = new Map<RedactionRule, number>(REDACTION_RULES.map((r) => [r, 0]));
  private readonly recent = new Uint32Array(RECENT_SLOTS);
  private recentWindow = -1;

  constructor(options: EngineOptions = {}) {
    const { patterns, ...learner } = options;
    this.declared = new DeclaredPatterns(patterns ?? []);
    this.learner = new PatternLearner(learner);
  }

  /** Changes whenever a rendering may change: keep rendered labels only while it stays the same. */
  get version(): number {
    return this.learner.version;
  }

  /**
   * Learns from one key (text as decoded from its bytes). A key seen again shortly after costs one fingerprint: a
   * small direct-mapped table of recent fingerprints skips it (a Zipf stream repeats its hot keys), cleared each
   * window so keys count again there. `fp` is `fingerprint(text)` when the caller has it already.
   */
  observe(text: string, fp = fingerprint(text)): void {
    const window = this.learner.windowIndex;
    if (window !== this.recentWindow) {
      this.recent.fill(0);
      this.recentWindow = window;
    }
    const slot = fp & (RECENT_SLOTS - 1);
    if (this.recent[slot] === fp) return;
    this.recent[slot] = fp;
    const key = splitKey(text);
    if (this.declared.match(key)) return;
    // Positions below a segment are the rendered prefix, so what is shown decides where the next segment counts.
    this.walk(key, (position, segment) => {
      this.learner.observe(position, segment, fp);
      return this.learner.isName(position, segment);
    });
  }

  /** The key's pattern and the rule that produced it. `text` is the decoded key (U+FFFD marks invalid bytes). */
  pattern(text: string): PatternResult {
    const key = splitKey(text);
    const declared = this.declared.match(key);
    if (declared) return { pattern: escapeKeyText(declared.text), rule: 'declared' };
    let learned = false;
    const pattern = this.walk(key, (position, segment) => {
      const name = this.learner.isName(position, segment);
      learned ||= name;
      return name;
    });
    return { pattern: escapeKeyText(pattern), rule: learned ? 'learned' : 'default_id' };
  }

  /** True when the key's first segment is a namespace: declared, or learned at the root with more to follow. */
  knowsNamespace(key: SegmentedKey): boolean {
    if (key.segments.length < 2) return false;
    const first = key.segments[0];
    if (this.declared.hasFirst(first)) return true;
    return this.learner.isName(positionOf('', key.separators[0]), first);
  }

  count(rule: RedactionRule): void {
    this.counts.set(rule, this.counts.get(rule)! + 1);
  }

  /** Keys rendered so far, per rule. */
  renderCounts(): Record<RedactionRule, number> {
    return Object.fromEntries(this.counts) as Record<RedactionRule, number>;
  }

  /**
   * The engine's state for operators (the exporter's `GET /debug/redaction`): settings, keys rendered per rule, and
   * the learned names per position. No key appears: positions are rendered prefixes, names are shared by k keys.
   */
  describe(): Record<string, unknown> {
    const { minKeys, maxValues, windowMs, maxPositions } = this.learner.options;
    const size = this.learner.size;
    return {
      rule: 'a segment is shown only when declared, or shared by at least k distinct keys at its position (among at most V distinct values there) in this or the last window; everything else is {id}',
      k: minKeys,
      maxValues,
      windowSeconds: windowMs / 1000,
      window: this.learner.windowIndex,
      maxPositions,
      positions: size.positions,
      trackedValues: size.values,
      declared: this.declared.list.map((p) => p.text),
      renderedKeys: this.renderCounts(),
      learned: this.learner
        .vocabulary()
        .filter((p) => p.names.length || p.identifierPosition)
        .map((p) => {
          const [prefix, after] = p.position.split('\u0000');
          return { position: `${prefix}…${after}`, names: p.names.sort(), identifierPosition: p.identifierPosition };
        }),
    };
  }

  /**
   * Why each segment of a rendered pattern looks as it does — input is a pattern as shown in a label, never a key.
   * A `{id}` segment says whether its position is an identifier position or its value just was not seen k times.
   */
  explain(pattern: string): { declared?: string; segments: { text: string; position: string; why: string }[] } {
    const key = splitKey(pattern);
    const declared = this.declared.list.find((p) => p.text === pattern);
    if (declared) return { declared: declared.text, segments: [] };
    const segments: { text: string; position: string; why: string }[] = [];
    let prefix = '';
    key.segments.forEach((segment, i) => {
      const after = key.separators[i] ?? '';
      const position = positionOf(prefix, after);
      let why: SegmentVerdict | 'placeholder' | 'empty' =
        segment === ID_PLACEHOLDER || segment === BIN_PLACEHOLDER
          ? 'placeholder'
          : segment === ''
            ? 'empty'
            : 'learned';
      if (why === 'placeholder') {
        const verdict = this.learner.verdict(position, '\u0000');
        why = verdict === 'identifier_position' ? verdict : 'fewer_than_k';
      } else if (why === 'learned') why = this.learner.verdict(position, segment);
      segments.push({ text: segment, position: `${prefix}…${after}`, why: WHY[why] });
      prefix += segment + after;
    });
    return { segments };
  }

  /**
   * Walks the segments left to right; `show(position, segment)` says whether a segment is shown. Returns the
   * pattern. Consecutive `{id}`s joined by `/` or `|` become one (standard base64 holds `/`), so one id gives one
   * pattern whatever its characters.
   */
  private walk(key: SegmentedKey, show: (position: string, segment: string) => boolean): string {
    const { segments, separators } = key;
    let out = '';
    let previousId = false;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      const before = i > 0 ? separators[i - 1] : '';
      const after = i < separators.length ? separators[i] : '';
      let shown: string;
      if (segment === '') shown = '';
      else if (isBinarySegment(segment)) shown = BIN_PLACEHOLDER;
      else shown = show(positionOf(out + before, after), segment) ? segment : ID_PLACEHOLDER;
      const isId = shown === ID_PLACEHOLDER;
      const joinsId = previousId && before.indexOf(':') < 0;
      // `/` and `|` next to an id belong to it: `tok:/x`, `tok:x/` and `tok:x/y` are all `tok:{id}`.
      if ((isId || segment === '') && joinsId) continue;
      out += (isId && before.length > 1 ? before[0] : before) + shown;
      previousId = isId;
    }
    return out;
  }
}

const WHY: Record<SegmentVerdict | 'placeholder' | 'empty', string> = {
  learned: 'shown: shared by at least k keys at this position in this or the last window',
  identifier_position: '{id}: this position showed more than V distinct values (an identifier position)',
  fewer_than_k: 'not shown: fewer than k keys shared it at this position in this or the last window',
  too_long: 'not shown: longer than any name',
  untracked: 'not shown: position not seen yet (or beyond the tracked positions)',
  placeholder: 'placeholder',
  empty: 'empty segment',
};
