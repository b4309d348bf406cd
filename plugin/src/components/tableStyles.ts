import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

/** Shared table look for every list in the app; follows the light or dark theme. */
export const getTableStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    tableLayout: 'auto',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'middle',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  numeric: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
  hot: css({ background: theme.colors.error.transparent }),
  muted: css({ color: theme.colors.text.secondary }),
});
