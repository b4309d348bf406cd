/**
 * The subset of Markdown the runbooks use (headings, paragraphs, ordered and bullet lists, fenced code — also
 * inside list items — inline code, bold, links), parsed into data that components/Markdown renders as React
 * elements. No HTML string is ever produced, so nothing in a runbook can inject markup or script.
 */
export type Inline = { kind: 'text' | 'code' | 'strong'; text: string } | { kind: 'link'; text: string; href: string };

export type Block =
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'list'; ordered: boolean; items: Block[][] };

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Only absolute http(s) links survive; anything else (`javascript:`, relative paths) stays plain text. */
function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) {
      out.push({ kind: 'text', text: text.slice(last, m.index) });
    }
    const href = m[4] !== undefined ? safeHref(m[4]) : undefined;
    if (m[1] !== undefined) {
      out.push({ kind: 'code', text: m[1] });
    } else if (m[2] !== undefined) {
      out.push({ kind: 'strong', text: m[2] });
    } else {
      out.push(href ? { kind: 'link', text: m[3], href } : { kind: 'text', text: m[3] });
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) {
    out.push({ kind: 'text', text: text.slice(last) });
  }
  return out;
}

const FENCE = /^(\s*)```\s*([\w-]*)\s*$/;
const ITEM = /^(\d+\.|[-*])\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: Block[][] } | undefined;

  const flushParagraph = () => {
    if (paragraph.length) {
      blocks.push({ kind: 'paragraph', inlines: parseInline(paragraph.join(' ')) });
      paragraph = [];
    }
  };
  const closeList = () => {
    if (list) {
      blocks.push({ kind: 'list', ...list });
      list = undefined;
    }
  };
  /** Text continuing the last list item: joins its last paragraph, or starts one after a code block. */
  const continueItem = (text: string) => {
    const item = list!.items[list!.items.length - 1];
    const last = item[item.length - 1];
    if (last?.kind === 'paragraph') {
      last.inlines.push({ kind: 'text', text: ' ' }, ...parseInline(text));
    } else {
      item.push({ kind: 'paragraph', inlines: parseInline(text) });
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      const indent = fence[1].length;
      const body: string[] = [];
      // An unclosed fence runs to the end of the text, as CommonMark does.
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) {
        body.push(lines[i].slice(Math.min(indent, lines[i].length - lines[i].trimStart().length)));
      }
      const code: Block = { kind: 'code', lang: fence[2], text: body.join('\n') };
      flushParagraph();
      if (list && indent > 0) {
        list.items[list.items.length - 1].push(code);
      } else {
        closeList();
        blocks.push(code);
      }
      continue;
    }
    if (!line.trim()) {
      flushParagraph();
      closeList();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flushParagraph();
      closeList();
      blocks.push({ kind: 'heading', level: heading[1].length, inlines: parseInline(heading[2].trim()) });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      flushParagraph();
      const ordered = item[1].endsWith('.');
      if (list && list.ordered !== ordered) {
        closeList();
      }
      list ??= { ordered, items: [] };
      list.items.push([{ kind: 'paragraph', inlines: parseInline(item[2]) }]);
      continue;
    }
    if (list && /^\s/.test(line)) {
      continueItem(line.trim());
      continue;
    }
    closeList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  closeList();
  return blocks;
}
