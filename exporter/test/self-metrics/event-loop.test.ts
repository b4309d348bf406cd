import { startEventLoopMonitor } from '../../src/self-metrics/event-loop';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (families: ReturnType<ReturnType<typeof startEventLoopMonitor>['families']>, q: string) =>
  families[0].series.find((s) => s.labels?.quantile === q)?.value;

describe('event-loop delay monitor', () => {
  it('reports a blocked loop in the window it happened in, then starts a new window', async () => {
    const monitor = startEventLoopMonitor(10);
    try {
      await sleep(100);
      monitor.families(); // discard start-up
      await sleep(50);
      const until = Date.now() + 150;
      while (Date.now() < until); // a 150 ms stall, as one huge synchronous parse would cause
      await sleep(50);
      const stalled = monitor.families();
      expect(quantile(stalled, '1')).toBeGreaterThanOrEqual(0.12);
      expect(stalled[1].series[0].value).toBeGreaterThan(0.3); // busy over half of the ~250 ms window
      await sleep(300);
      const after = monitor.families();
      // The stall belongs to the previous window only (a loaded CI machine still delays timers, not by 120 ms).
      expect(quantile(after, '1')).toBeLessThan(quantile(stalled, '1')!);
      expect(quantile(after, '0.5')).toBeGreaterThanOrEqual(0);
    } finally {
      monitor.stop();
    }
  });
});
