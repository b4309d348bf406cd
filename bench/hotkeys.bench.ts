// `npm run bench hotkeys`: hot keys in accesses/min, against ground truth, beside what was shown before, in one run.
// - Server: a real Redis (allkeys-lfu, default lfu-log-factor 10 / lfu-decay-time 1, and a second one with factor 1)
//   gets keys driven at known constant rates; the exporter's estimator (exporter/src/hotkeys/lfu-rate.ts) reads OBJECT FREQ
//   + TIME every 2 s. Anchor: the raw OBJECT FREQ value read as a rate (what the plugin showed: "freq 26").
// - Client: a Zipf(1.1) stream over 1M keys on a simulated clock through HotKeyTracker; the top 10's reported rates
//   against the true rates over the same window. Anchor: the HeavyKeeper count over the window (the previous rate).
//   Also the cost per access of the tracker path (record + drain: sketch + exact counts) against the sketch alone.
import { cpus, loadavg } from 'node:os';
import type Redis from 'ioredis';
import { driveRates, sleep, startRedis } from '@redis-lens/testkit';
import { LfuRateWindow, parseLfuSettings } from '../exporter/src/hotkeys/lfu-rate';
import { measureClientRates, measureUpdateCost, userKeyspace } from './lib/client-hotkeys';
import { percentile, recordRows, row, type BenchRow } from './lib/results';

const SERVER_RUN_MS = 120_000;
const READ_EVERY_MS = 2_000;
/** Per key, accesses per minute; each rate used by four keys. */
const RATES = [250, 500, 1000, 2000, 4000, 8000].flatMap((r) => [r, r, r, r]);

const relativeErrors = (pairs: { estimate: number; truth: number }[]) =>
  pairs.map((p) => Math.abs(p.estimate - p.truth) / p.truth).sort((a, b) => a - b);

async function readAll(client: Redis, keys: string[]) {
  const pipeline = client.pipeline();
  for (const key of keys) pipeline.call('OBJECT', 'FREQ', key);
  pipeline.call('TIME');
  const replies = (await pipeline.exec())!;
  const [seconds, micros] = replies[keys.length][1] as [string, string];
  const atMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  return keys.map((_, i) => ({ atMs, counter: Number(replies[i][1]) }));
}

/** Keys at constant known rates on each server; estimates and raw counters after SERVER_RUN_MS. */
async function serverEstimates(): Promise<BenchRow[]> {
  const servers = await Promise.all([
    startRedis({ maxmemoryPolicy: 'allkeys-lfu' }),
    startRedis({ maxmemoryPolicy: 'allkeys-lfu', config: ['lfu-log-factor 1'] }),
  ]);
  try {
    const clients = servers.map((s) => s.client());
    const keys = RATES.map((_, i) => `bench:rate:${i}`);
    const settings = await Promise.all(
      clients.map(async (c) => parseLfuSettings(await c.call('CONFIG', 'GET', 'lfu-*'))),
    );
    const windows = clients.map(() => keys.map(() => new LfuRateWindow(10 * 60_000)));
    for (const client of clients) await client.mset(...keys.flatMap((k) => [k, 'v']));
    const rates = Object.fromEntries(keys.map((k, i) => [k, RATES[i]]));
    let driving = true;
    const drives = Promise.all(clients.map((c) => driveRates(c, rates, { durationMs: SERVER_RUN_MS }))).finally(
      () => (driving = false),
    );
    const read = async () => {
      const readings = await Promise.all(clients.map((c) => readAll(c, keys)));
      readings.forEach((perKey, s) => perKey.forEach((r, i) => windows[s][i].add(r)));
      return readings;
    };
    while (driving) {
      await read();
      await sleep(READ_EVERY_MS);
    }
    await drives;
    const readings = await read();
    for (const c of clients) c.disconnect();
    const rows: BenchRow[] = [];
    settings.forEach((lfu, s) => {
      const estimated = windows[s].map((w) => w.estimate(lfu)!);
      const estimates = estimated.map((e, i) => ({ estimate: e.perMinute, truth: RATES[i] }));
      const raw = readings[s].map((r, i) => ({ estimate: r.counter, truth: RATES[i] }));
      const errors = relativeErrors(estimates);
      const rawErrors = relativeErrors(raw);
      const published = estimated.map((e) => e.relativeError).sort((a, b) => a - b);
      const inside = estimated.filter((e, i) => Math.abs(e.perMinute - RATES[i]) <= 3 * e.relativeError * RATES[i]);
      const byRate = [...new Set(RATES)]
        .map(
          (rate) =>
            `${rate}/min ${percentile(relativeErrors(estimates.filter((e) => e.truth === rate)), 50).toFixed(2)}`,
        )
        .join(', ');
      const notes = `${keys.length} keys at ${[...new Set(RATES)].join('/')} accesses/min (4 each), ${SERVER_RUN_MS / 1000} s from a new key, OBJECT FREQ + TIME every ${READ_EVERY_MS / 1000} s; lfu-log-factor ${lfu.logFactor}, lfu-decay-time ${lfu.decayMinutes}; published 1σ error ratio median ${percentile(published, 50).toFixed(3)}; median relative error by rate: ${byRate}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
      const name = `hotkeys: server estimate relative error (lfu-log-factor ${lfu.logFactor})`;
      const anchor = `raw OBJECT FREQ read as accesses/min, relative error (lfu-log-factor ${lfu.logFactor})`;
      rows.push(
        row(
          `${name}, median`,
          percentile(errors, 50),
          'ratio',
          { name: `${anchor}, median`, value: percentile(rawErrors, 50) },
          notes,
        ),
        row(
          `${name}, p90`,
          percentile(errors, 90),
          'ratio',
          { name: `${anchor}, p90`, value: percentile(rawErrors, 90) },
          notes,
        ),
        row(
          `hotkeys: server estimates inside 3 × their published error ratio (lfu-log-factor ${lfu.logFactor})`,
          inside.length / estimated.length,
          'ratio',
          undefined,
          notes,
        ),
      );
    });
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** The top 10's rates on a Zipf(1.1) stream against the HeavyKeeper-only figures. */
function clientRates(): BenchRow[] {
  const r = measureClientRates();
  const notes = `${r.notes}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
  const last = (xs: number[]) => xs[xs.length - 1];
  return [
    row(
      'hotkeys: client measured top-10 rate relative error, median',
      percentile(r.measuredErrors, 50),
      'ratio',
      { name: 'HeavyKeeper count as rate, median', value: percentile(r.sketchErrors, 50) },
      notes,
    ),
    row(
      'hotkeys: client measured top-10 rate relative error, max',
      last(r.measuredErrors),
      'ratio',
      { name: 'HeavyKeeper count as rate, max', value: last(r.sketchErrors) },
      notes,
    ),
    row('hotkeys: client top-10 recall (sketch sampled past ~800 accesses/s)', r.recall, 'ratio', undefined, notes),
  ];
}

/**
 * The client update cost per access (goal: at most 0.2 µs) at four traffic levels: 500/s, where the sketch sees every
 * access, and 2,000, 10,000 and 100,000/s, where it sees a sample (hotkeys.ts SKETCH_PER_SUB_WINDOW).
 */
function updateCost(): BenchRow[] {
  return [100_000, 10_000, 2_000, 500].map((perSecond) => {
    const r = measureUpdateCost(userKeyspace(), { perSecond });
    return row(
      `hotkeys: client update cost per access at ${perSecond}/s (sketch + exact counts + learning)`,
      r.trackerNs / 1000,
      'us/access',
      { name: 'HeavyKeeper sliding window alone, every access', value: r.sketchNs / 1000 },
      `${r.notes}; without learning ${(r.trackerWithoutLearningNs / 1000).toFixed(3)} us; goal <= 0.2 us; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
    );
  });
}

async function main() {
  const rows = [...clientRates(), ...updateCost()];
  // HOTKEYS_BENCH_ONLY=client: the client rows alone (no Redis, ~3 min).
  if (process.env.HOTKEYS_BENCH_ONLY !== 'client') rows.push(...(await serverEstimates()));
  recordRows(rows);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
