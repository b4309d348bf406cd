import { useCallback, useEffect, useMemo, useState } from 'react';
import { rangeUtil, TimeRange } from '@grafana/data';

export interface PageTime {
  range: TimeRange;
  setRange: (range: TimeRange) => void;
  refreshInterval: string;
  setRefreshInterval: (interval: string) => void;
  /** Changes on every manual or automatic refresh; loaders depend on it. */
  tick: number;
  refresh: () => void;
  /** The window as absolute unix ms, re-evaluated on every tick so `now-1h` moves forward. */
  window: { from: number; to: number };
}

/** A failover or hot key from minutes ago should be visible at a glance, so pages open on the last hour. */
function lastHour(): TimeRange {
  const raw = { from: 'now-1h', to: 'now' };
  return { ...rangeUtil.convertRawToRange(raw), raw };
}

function evaluate(range: TimeRange): { from: number; to: number } {
  const resolved = rangeUtil.convertRawToRange(range.raw);
  return { from: resolved.from.valueOf(), to: resolved.to.valueOf() };
}

/** App pages have no dashboard time picker, so each page keeps its own range and refresh interval. */
export function usePageTime(initialRefresh = '10s'): PageTime {
  const [range, setRange] = useState<TimeRange>(lastHour);
  const [refreshInterval, setRefreshInterval] = useState(initialRefresh);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    const ms = refreshInterval ? rangeUtil.intervalToMs(refreshInterval) : 0;
    if (!ms) {
      return;
    }
    const timer = setInterval(refresh, ms);
    return () => clearInterval(timer);
  }, [refreshInterval, refresh]);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const window = useMemo(() => evaluate(range), [range, tick]);

  return { range, setRange, refreshInterval, setRefreshInterval, tick, refresh, window };
}
