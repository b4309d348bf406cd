/**
 * Display helpers for keys and rendered key labels. Pure and free of Node-only imports: the Grafana plugin bundles
 * this file (`@redis-lens/instrument/redaction/display`) and the exporter and library use the same functions, so a
 * label reads the same in /metrics, in a span and on a plugin page.
 */

/** What an identifying segment becomes. */
export const ID_PLACEHOLDER = '{id}';
/** What a segment that is not text (invalid UTF-8, control bytes) becomes. */
export const BIN_PLACEHOLDER = '{bin}';

/**
 * Control characters (C0, DEL, C1) as `\xNN`, so a key can neither break a layout nor spoof a row or a log line.
 * Backslashes stay as they are: text already escaped by {@link escapeKeyText} is shown unchanged.
 */
export function displayable(text: string): string {
  return String(text).replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Label escaping: control characters as `\xNN`, `\` doubled, lone surrogates and U+FFFD as `\ufffd`. */
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

/** Cuts `text` to at most `max` UTF-16 units ending in `…`, never inside a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** A rendered label `pattern#hash` split in its parts; a raw (allowed) key has no hash. */
export function splitRenderedKey(label: string): { pattern: string; hash?: string } {
  const match = /^(.*)#([0-9a-f]{12})$/s.exec(label);
  return match ? { pattern: match[1], hash: match[2] } : { pattern: label };
}
