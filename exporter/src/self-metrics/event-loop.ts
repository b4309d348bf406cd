import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { MetricFamily } from '../producer';

/** Quantiles of the delay histogram exported as `quantile` labels (1 = the maximum). */
export const EVENT_LOOP_QUANTILES = [0.5, 0.9, 0.99, 1] as const;

export interface EventLoopMonitor {
  /** Delay quantiles and loop utilisation since the previous call (or since start), then starts a new window. */
  families(): MetricFamily[];
  stop(): void;
}

/**
 * One event loop serves every target, so its delay is the floor of every scrape's latency: the operator's signal
 * that one exporter holds too many targets (or shares its CPU with a busy neighbour). The window is the time between
 * two collections — one Prometheus scrape interval of `/metrics` — as prom-client's `nodejs_eventloop_lag_*` do;
 * an OTLP push reader collecting too shortens the window but never hides a stall (each window has its own max).
 */
export function startEventLoopMonitor(resolutionMs = 10): EventLoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let elu: EventLoopUtilization = performance.eventLoopUtilization();
  return {
    families() {
      const series = histogram.count
        ? EVENT_LOOP_QUANTILES.map((q) => ({
            labels: { quantile: String(q) },
            // The histogram counts from the expected timer tick, so the resolution itself is not delay.
            value: Math.max(0, (q === 1 ? histogram.max : histogram.percentile(q * 100)) / 1e9 - resolutionMs / 1000),
          }))
        : [];
      histogram.reset();
      const now = performance.eventLoopUtilization();
      const utilization = performance.eventLoopUtilization(now, elu).utilization;
      elu = now;
      return [
        {
          name: 'redis_exporter_event_loop_delay_seconds',
          help: 'Event-loop delay since the previous collection (quantile 1 = max): how late the exporter runs callbacks',
          kind: 'gauge',
          series,
        },
        {
          name: 'redis_exporter_event_loop_utilization_ratio',
          help: 'Share of the time since the previous collection the event loop was busy (0-1)',
          kind: 'gauge',
          series: [{ value: utilization }],
        },
      ];
    },
    stop: () => histogram.disable(),
  };
}
