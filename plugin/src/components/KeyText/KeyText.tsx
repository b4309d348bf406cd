import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
// The redaction module's browser-safe part: labels read the same here as in /metrics and in logs.
import { displayable } from '@redis-lens/instrument/redaction/display';

export { displayable };

/** Longer key strings are cut here (the full text stays in the tooltip): a 1 MB key must not freeze the table. */
export const MAX_KEY_CHARS = 512;

export interface KeyTextProps {
  text: string;
  maxWidth?: number;
}

/**
 * Key names and label values are hostile input: rendered as a React text node only (never HTML), control
 * characters made visible, ellipsized by CSS.
 */
export function KeyText({ text, maxWidth = 420 }: KeyTextProps) {
  const styles = useStyles2(getStyles);
  const visible = displayable(text);
  const shown = visible.length > MAX_KEY_CHARS ? `${visible.slice(0, MAX_KEY_CHARS)}…` : visible;
  return (
    <span className={styles.key} style={{ maxWidth }} title={visible.slice(0, 4 * MAX_KEY_CHARS)}>
      {shown}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  key: css({
    display: 'inline-block',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    verticalAlign: 'bottom',
    fontFamily: theme.typography.fontFamilyMonospace,
  }),
});
