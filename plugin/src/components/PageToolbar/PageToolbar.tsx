import React from 'react';
import { css } from '@emotion/css';
import { dateTime, GrafanaTheme2, TimeRange } from '@grafana/data';
import { RefreshPicker, TimeRangePicker, useStyles2 } from '@grafana/ui';
import { PageTime } from '../../hooks/usePageTime';

/** Time range and auto-refresh for an app page, the controls a dashboard would give. */
export function PageToolbar({ time }: { time: PageTime }) {
  const styles = useStyles2(getStyles);
  const shift = (direction: -1 | 1) => {
    const span = time.window.to - time.window.from;
    const from = time.window.from + direction * (span / 2);
    time.setRange(absolute(from, from + span));
  };
  return (
    <div className={styles.bar}>
      <TimeRangePicker
        value={time.range}
        onChange={time.setRange}
        onChangeTimeZone={() => undefined}
        onMoveBackward={() => shift(-1)}
        onMoveForward={() => shift(1)}
        onZoom={() => {
          const span = time.window.to - time.window.from;
          time.setRange(absolute(time.window.from - span / 2, time.window.to + span / 2));
        }}
      />
      <RefreshPicker
        value={time.refreshInterval}
        intervals={['5s', '10s', '30s', '1m', '5m']}
        onIntervalChanged={time.setRefreshInterval}
        onRefresh={time.refresh}
      />
    </div>
  );
}

function absolute(from: number, to: number): TimeRange {
  const f = dateTime(from);
  const t = dateTime(to);
  return { from: f, to: t, raw: { from: f, to: t } };
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({ display: 'flex', justifyContent: 'flex-end', gap: theme.spacing(1), marginBottom: theme.spacing(2) }),
});
