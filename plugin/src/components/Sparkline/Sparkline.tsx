import React from 'react';
import { useTheme2 } from '@grafana/ui';

export interface SparklineProps {
  values: number[];
  width?: number;
  height?: number;
  /** Drawn as a dashed line when it falls inside the value range. */
  threshold?: number;
  label?: string;
}

/** A small SVG trend line; a few hundred points at most, so no charting library is needed. */
export function Sparkline({ values, width = 120, height = 24, threshold, label }: SparklineProps) {
  const theme = useTheme2();
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2) {
    return <span aria-label={label ? `${label}: not enough data` : undefined}>–</span>;
  }
  const min = Math.min(...finite, threshold ?? Infinity);
  const max = Math.max(...finite, threshold ?? -Infinity);
  const span = max - min || 1;
  const y = (v: number) => height - 1 - ((v - min) / span) * (height - 2);
  const points = finite.map((v, i) => `${((i / (finite.length - 1)) * (width - 2) + 1).toFixed(1)},${y(v).toFixed(1)}`);
  return (
    <svg width={width} height={height} role="img" aria-label={label}>
      {threshold !== undefined && threshold >= min && threshold <= max && (
        <line
          x1={0}
          x2={width}
          y1={y(threshold)}
          y2={y(threshold)}
          stroke={theme.colors.error.main}
          strokeDasharray="3 2"
        />
      )}
      <polyline points={points.join(' ')} fill="none" stroke={theme.colors.primary.main} strokeWidth={1.5} />
    </svg>
  );
}
