import React, { ReactNode } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, LoadingState, PanelData } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import { testIds } from '../../testIds';

export interface PanelFrameProps {
  data: PanelData;
  width: number;
  height: number;
  /** Rows the panel could build; 0 means "no data". */
  rowCount: number;
  /** Series that lacked what the panel needs (partial data). */
  skipped: number;
  needs: string;
  children: ReactNode;
}

/** Wraps a nested panel: query errors, no data and partial data get a clear message instead of a blank panel. */
export function PanelFrame({ data, width, height, rowCount, skipped, needs, children }: PanelFrameProps) {
  const styles = useStyles2(getStyles);
  const errors = data.errors ?? [];
  const errorText = [...new Set(errors.map((e) => e.message ?? e.data?.message ?? 'query failed'))].join('; ');
  return (
    <div className={styles.wrap} style={{ width, height }}>
      {(data.state === LoadingState.Error || errorText) && (
        <div data-testid={testIds.state.error}>
          <Alert severity="error" title="Query failed">
            {errorText || 'The panel query returned an error'}
          </Alert>
        </div>
      )}
      {rowCount === 0 && data.state !== LoadingState.Loading && !errorText && (
        <div data-testid={testIds.state.empty} className={styles.empty}>
          No data. This panel needs {needs}.
        </div>
      )}
      {rowCount > 0 && skipped > 0 && (
        <div className={styles.partial}>
          Partial data: {skipped} series skipped (they lack {needs}).
        </div>
      )}
      {rowCount > 0 && children}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ overflow: 'auto' }),
  empty: css({ color: theme.colors.text.secondary, padding: theme.spacing(1) }),
  partial: css({ color: theme.colors.warning.text, padding: theme.spacing(0.5, 1) }),
});
