import React, { ReactNode } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { TextLink, useStyles2 } from '@grafana/ui';
import { Block, Inline, parseMarkdown } from '../../data/markdown';
import { testIds } from '../../testIds';

/** Renders runbook Markdown as React elements (never an HTML string), so the text cannot inject markup. */
export function Markdown({ source }: { source: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.root} data-testid={testIds.runbook.steps}>
      {parseMarkdown(source).map((block, i) => renderBlock(block, i, styles))}
    </div>
  );
}

function renderInlines(inlines: Inline[], styles: ReturnType<typeof getStyles>): ReactNode[] {
  return inlines.map((inline, i) => {
    switch (inline.kind) {
      case 'code':
        return (
          <code key={i} className={styles.inlineCode}>
            {inline.text}
          </code>
        );
      case 'strong':
        return <strong key={i}>{inline.text}</strong>;
      case 'link':
        return (
          <TextLink key={i} href={inline.href} external inline>
            {inline.text}
          </TextLink>
        );
      default:
        return <React.Fragment key={i}>{inline.text}</React.Fragment>;
    }
  });
}

function renderBlock(block: Block, key: number, styles: ReturnType<typeof getStyles>): ReactNode {
  switch (block.kind) {
    case 'heading': {
      // The page title is the h1; a runbook's own `#` heading sits one level below it.
      const Tag = `h${Math.min(6, block.level + 1)}` as 'h2';
      return <Tag key={key}>{renderInlines(block.inlines, styles)}</Tag>;
    }
    case 'paragraph':
      return <p key={key}>{renderInlines(block.inlines, styles)}</p>;
    case 'code':
      return (
        <pre key={key} className={styles.pre} data-lang={block.lang || undefined}>
          <code>{block.text}</code>
        </pre>
      );
    case 'list': {
      const Tag = block.ordered ? 'ol' : 'ul';
      return (
        <Tag key={key}>
          {block.items.map((item, i) => (
            <li key={i}>{item.map((child, j) => renderBlock(child, j, styles))}</li>
          ))}
        </Tag>
      );
    }
  }
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    'h2, h3, h4': { marginTop: theme.spacing(2) },
    'ol, ul': { paddingLeft: theme.spacing(3) },
    li: { marginBottom: theme.spacing(1) },
    'li > p': { marginBottom: theme.spacing(0.5) },
  }),
  pre: css({
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    padding: theme.spacing(1),
    overflowX: 'auto',
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  inlineCode: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: '0.9em' }),
});
