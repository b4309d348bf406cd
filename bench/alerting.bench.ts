// Fault → page latency with the shipped intervals: exporter scraped every 5s (collector/prometheus/prometheus.yml),
// rule group evaluated every 5s, Alertmanager group_wait 5s for critical (bundle/src/routing.ts).
// Real redis-server, exporter, Prometheus and Alertmanager; a local stand-in receives the PagerDuty event.
// Each fault kills a different Redis, so every page opens its own alert group, as separate incidents do.
// Anchor, measured in the same run: fault → Prometheus holding redis_up == 0 for that instance (detection alone).
import { availableParallelism, loadavg } from 'node:os';
import { readVersions, sleep, waitFor } from '@redis-lens/testkit';
import { startAlertingStack } from '../bundle/test/support/alerting-stack';
import { SHIPPED_PARAMS } from '../bundle/src/params';
import { percentile, recordRows, row } from './lib/results';

const FAULTS = 8;
const SCRAPE_INTERVAL = '5s';

async function main() {
  const stack = await startAlertingStack({
    params: SHIPPED_PARAMS,
    scrapeInterval: SCRAPE_INTERVAL,
    redisCount: FAULTS,
  });
  const pageSeconds: number[] = [];
  const detectSeconds: number[] = [];
  try {
    await stack.prometheus.waitForQuery('count(redis_up == 1)', (s) => Number(s[0]?.value[1]) === FAULTS, {
      timeoutMs: 60_000,
    });
    for (let i = 0; i < FAULTS; i++) {
      const instance = stack.exporters[i].address;
      // Random phase against the scrape and evaluation ticks, so the sample covers where in a tick a fault lands.
      await sleep(Math.random() * 5_000);
      const faultAt = Date.now();
      await stack.redis[i].process.stop();
      const detected = waitFor(
        `redis_up == 0 for ${instance}`,
        async () => (await stack.prometheus.query(`redis_up{instance="${instance}"} == 0`)).length > 0 && Date.now(),
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      const paged = waitFor(
        `a page for ${instance}`,
        () =>
          stack.pagerduty.received.find(
            (r) => r.body.event_action === 'trigger' && r.body.payload?.summary.includes(instance),
          )?.at,
        { timeoutMs: 90_000, intervalMs: 50 },
      );
      const [detectedAt, pagedAt] = await Promise.all([detected, paged]);
      detectSeconds.push((detectedAt - faultAt) / 1000);
      pageSeconds.push((pagedAt - faultAt) / 1000);
      console.log(
        `fault ${i + 1}/${FAULTS}: detected ${detectSeconds[i].toFixed(2)} s, paged ${pageSeconds[i].toFixed(2)} s`,
      );
    }
  } finally {
    await stack.stop();
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const versions = readVersions();
  // Timings stretch on a shared machine: the 1-minute load average at the end of the run says how shared it was.
  const load = `; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores at the end`;
  const notes = `${FAULTS} faults (Redis killed), Prometheus ${versions.prometheus.version} + Alertmanager ${versions.alertmanager.version} (built from Go modules), scrape ${SCRAPE_INTERVAL}, rule interval ${SHIPPED_PARAMS.prometheusRuleInterval}, critical group_wait ${SHIPPED_PARAMS.routing.routes[0].timings.groupWait}; goal p95 <= 20 s${load}`;
  const pageRow = (label: string, p: number) =>
    row(
      `alerting: fault → PagerDuty page, ${label}`,
      percentile(sorted(pageSeconds), p),
      's',
      { name: `fault → redis_up == 0 in Prometheus, ${label}`, value: percentile(sorted(detectSeconds), p) },
      notes,
    );
  recordRows([pageRow('median', 50), pageRow('p95', 95)]);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
