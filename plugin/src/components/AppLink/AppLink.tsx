import React, { ReactNode } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { Link } from 'react-router-dom';

/** A link to another page of this app, through the app's own router (no full reload, Grafana's sub-path kept). */
export function AppLink({ to, children }: { to: string; children: ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <Link to={to} className={styles.link}>
      {children}
    </Link>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
