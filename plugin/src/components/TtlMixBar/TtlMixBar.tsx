import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { TtlBucket, ttlShares, TTL_TEXT } from '../../data/memory';
import { testIds } from '../../testIds';

export interface TtlMixBarProps {
  mix: Partial<Record<TtlBucket, number>>;
  width?: number;
}

/** One stacked bar: the share of a pattern's bytes by remaining TTL ("no TTL" first, in the warning colour). */
export function TtlMixBar({ mix, width = 160 }: TtlMixBarProps) {
  const styles = useStyles2(getStyles);
  const shares = ttlShares(mix);
  if (!shares.length) {
    return <span className={styles.muted}>–</span>;
  }
  const text = shares.map(({ bucket, share }) => `${TTL_TEXT[bucket]} ${Math.round(share * 100)} %`).join(', ');
  return (
    <span className={styles.bar} style={{ width }} title={text} aria-label={text} data-testid={testIds.memory.ttlMix}>
      {shares.map(({ bucket, share }) => (
        <span key={bucket} className={styles[bucket]} style={{ width: `${share * 100}%` }} />
      ))}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const part = (color: string) => css({ display: 'inline-block', height: '100%', background: color });
  return {
    bar: css({
      display: 'inline-flex',
      height: 10,
      borderRadius: theme.shape.radius.default,
      overflow: 'hidden',
      background: theme.colors.background.secondary,
      verticalAlign: 'middle',
    }),
    muted: css({ color: theme.colors.text.secondary }),
    // Memory without a TTL never leaves on its own: the colour that asks for attention.
    none: part(theme.colors.warning.main),
    gt_7d: part(theme.visualization.getColorByName('blue')),
    '1d_to_7d': part(theme.visualization.getColorByName('light-blue')),
    '1h_to_24h': part(theme.visualization.getColorByName('green')),
    lt_1h: part(theme.visualization.getColorByName('light-green')),
  };
};
