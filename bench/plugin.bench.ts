// Plugin data path: what a page does with Prometheus answers after they arrive. Anchor: JSON.parse of the same
// response body, which the browser pays anyway, so the ratio says how much the plugin's own work adds.
import { buildFailoverTimeline } from '../plugin/src/data/failovers';
import { buildHotKeys } from '../plugin/src/data/hotkeys';
import { parsePromResult } from '../plugin/src/data/prometheusResponse';
import { median, recordRows, row } from './lib/results';

const STEPS = 1000; // the Failover page's range resolution
const KEYS = 500;
const TREND = 200; // the Hot keys page's sparkline resolution

function matrix(
  series: Array<{ metric: Record<string, string>; value: (i: number) => number }>,
  steps: number,
): string {
  const result = series.map(({ metric, value }) => ({
    metric,
    values: Array.from({ length: steps }, (_, i) => [1_700_000_000 + i * 4, String(value(i))]),
  }));
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: result } });
}

function time(fn: () => void, runs = 30): number {
  fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

function main() {
  // 20 Sentinel groups, each failing over 5 times across the range.
  const groups = Array.from({ length: 20 }, (_, g) => `group${g}`);
  const addresses = groups.flatMap((name) =>
    Array.from({ length: 6 }, (_, k) => ({
      metric: { master_name: name, master_address: `10.0.${k}.1:6379` },
      value: (i: number) => (Math.floor(i / (STEPS / 6)) === k ? 1 : NaN),
    })),
  );
  const counters = groups.map((name) => ({
    metric: { master_name: name, result: 'success' },
    value: (i: number) => Math.floor(i / (STEPS / 6)),
  }));
  const addressBody = matrix(addresses, STEPS);
  const counterBody = matrix(counters, STEPS);
  const timelineMs = time(() => {
    buildFailoverTimeline(
      {
        masterAddress: parsePromResult(JSON.parse(addressBody)),
        failoversTotal: parsePromResult(JSON.parse(counterBody)),
        durationSum: [],
        durationCount: [],
      },
      60_000,
    );
  });
  const timelineParseMs = time(() => {
    JSON.parse(addressBody);
    JSON.parse(counterBody);
  });

  const keys = Array.from({ length: KEYS }, (_, k) => ({
    metric: {
      key: `user:{id}#${k.toString(16).padStart(12, '0')}`,
      pattern: 'user:{id}',
      instance: 'r1:6379',
      db: '0',
      source: 'server_estimate',
    },
    value: (i: number) => (k % 255) + (i % 3),
  }));
  const instantBody = JSON.stringify({
    status: 'success',
    data: {
      resultType: 'vector',
      result: keys.map((k) => ({ metric: k.metric, value: [1_700_000_000, String(k.value(0))] })),
    },
  });
  const historyBody = matrix(keys, TREND);
  const hotKeysMs = time(() => {
    buildHotKeys(
      {
        serverRate: parsePromResult(JSON.parse(instantBody)),
        serverError: [],
        serverLfu: [],
        clientRate: [],
        clientCoverage: [],
        rateHistory: parsePromResult(JSON.parse(historyBody)),
      },
      1000,
    );
  });
  const hotKeysParseMs = time(() => {
    JSON.parse(instantBody);
    JSON.parse(historyBody);
  });

  recordRows([
    row(
      'plugin: failover timeline build',
      timelineMs,
      'ms',
      { name: 'JSON.parse of the same responses', value: timelineParseMs },
      `20 groups × 6 addresses × ${STEPS} steps, median of 30`,
    ),
    row(
      'plugin: hot keys table build',
      hotKeysMs,
      'ms',
      { name: 'JSON.parse of the same responses', value: hotKeysParseMs },
      `${KEYS} keys × ${TREND}-point trends, median of 30`,
    ),
  ]);
}

main();
