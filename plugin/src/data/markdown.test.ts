import { parseInline, parseMarkdown } from './markdown';
import { RUNBOOKS } from './runbooks.generated';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, lists with code inside items, and fences', () => {
    const blocks = parseMarkdown(
      '# RedisDown (critical)\n\nThe exporter\ncannot connect: `redis_up == 0`.\n\n## Diagnosis\n1. Alive?\n   ```bash\n   redis-cli PING\n   ```\n2. Why?\n   more text\n\n- a\n- **b**\n\n```bash\nredis-cli INFO\n```\n'
    );
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'heading', 'list', 'list', 'code']);
    expect(blocks[1]).toEqual({
      kind: 'paragraph',
      inlines: [
        { kind: 'text', text: 'The exporter cannot connect: ' },
        { kind: 'code', text: 'redis_up == 0' },
        { kind: 'text', text: '.' },
      ],
    });
    const ordered = blocks[3] as Extract<(typeof blocks)[number], { kind: 'list' }>;
    expect(ordered.ordered).toBe(true);
    expect(ordered.items[0][1]).toEqual({ kind: 'code', lang: 'bash', text: 'redis-cli PING' });
    expect(ordered.items[1][0]).toMatchObject({ kind: 'paragraph' });
    expect(JSON.stringify(ordered.items[1])).toContain('more text');
    expect(blocks[5]).toEqual({ kind: 'code', lang: 'bash', text: 'redis-cli INFO' });
  });

  it('keeps only http(s) links; anything else is text', () => {
    expect(parseInline('[ok](https://redis.io/docs) [bad](javascript:alert(1)) <b>x</b>')).toEqual([
      { kind: 'link', text: 'ok', href: 'https://redis.io/docs' },
      { kind: 'text', text: ' ' },
      { kind: 'text', text: 'bad' },
      { kind: 'text', text: ') <b>x</b>' },
    ]);
  });

  it('parses every bundled runbook with a Diagnosis heading and at least one code block', () => {
    for (const runbook of RUNBOOKS) {
      const blocks = parseMarkdown(runbook.markdown);
      expect(JSON.stringify(blocks)).toContain('"Diagnosis"');
      expect(JSON.stringify(blocks)).toContain('"kind":"code"');
    }
  });
});
