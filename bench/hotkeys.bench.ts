// `npm run bench hotkeys`: hot keys in accesses/min, against ground truth, beside what was shown before, in one run.
// - Server: a real Redis (allkeys-lfu, default lfu-log-factor 10 / lfu-decay-time 1, and a second one with factor 1)
//   gets keys driven at known constant rates; the exporter's estimator (exporter/src/lfu-rate.ts) reads OBJECT FREQ
//   + TIME every 2 s. Anchor: the raw OBJECT FREQ value read as a rate (what the plugin showed: "freq 26").
// - Client: a Zipf(1.1) stream over 1M keys on a simulated clock through HotKeyTracker; the top 10's reported rates
//   against the true rates over the same window. Anchor: the HeavyKeeper count over the window (the previous rate).
//   Also the cost per access of the tracker path (record + drain: sketch + exact counts) against the sketch alone.
import { cpus, loadavg } from 'node:os';
import type Redis from 'ioredis';
import { startRedis } from '@redis-lens/testkit';
import { LfuRateWindow, parseLfuSettings } from '../exporter/src/lfu-rate';
import { HotKeyTracker } from '../instrument/src/hotkeys';
import { createRedactionPolicy } from '../instrument/src/redaction';
import { HeavyKeeper, SlidingTopK } from '../instrument/src/topk';
import { Zipf, seededRandom } from '../demo/src/zipf';
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
    const sent = keys.map(() => 0);
    const started = Date.now();
    let nextRead = 0;
    for (let elapsed = 0; elapsed <= SERVER_RUN_MS; elapsed = Date.now() - started) {
      const pipelines = clients.map((c) => c.pipeline());
      keys.forEach((key, i) => {
        const due = Math.floor((RATES[i] * elapsed) / 60_000);
        for (; sent[i] < due; sent[i]++) for (const p of pipelines) p.get(key);
      });
      await Promise.all(pipelines.map((p) => p.exec()));
      if (elapsed >= nextRead) {
        nextRead += READ_EVERY_MS;
        const readings = await Promise.all(clients.map((c) => readAll(c, keys)));
        readings.forEach((perKey, s) => perKey.forEach((r, i) => windows[s][i].add(r)));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const readings = await Promise.all(clients.map((c) => readAll(c, keys)));
    readings.forEach((perKey, s) => perKey.forEach((r, i) => windows[s][i].add(r)));
    for (const c of clients) c.disconnect();
    const rows: BenchRow[] = [];
    settings.forEach((lfu, s) => {
      const estimates = windows[s].map((w, i) => ({ estimate: w.estimate(lfu)!.perMinute, truth: RATES[i] }));
      const raw = readings[s].map((r, i) => ({ estimate: r.counter, truth: RATES[i] }));
      const errors = relativeErrors(estimates);
      const rawErrors = relativeErrors(raw);
      const published = windows[s].map((w) => w.estimate(lfu)!.relativeError).sort((a, b) => a - b);
      const notes = `${keys.length} keys at ${[...new Set(RATES)].join('/')} accesses/min (4 each), ${SERVER_RUN_MS / 1000} s from a new key, OBJECT FREQ + TIME every ${READ_EVERY_MS / 1000} s; lfu-log-factor ${lfu.logFactor}, lfu-decay-time ${lfu.decayMinutes}; published 1σ error ratio median ${percentile(published, 50).toFixed(3)}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
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
      );
    });
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** Zipf(1.1) over 1M keys at 100k accesses/s simulated, 6 × 10 s sub-windows, snapshot at 95 s (window 40–95 s). */
function clientRates(): BenchRow[] {
  const KEYS = 1_000_000;
  const PER_SECOND = 100_000;
  const END_MS = 95_000;
  const WINDOW_START_MS = 40_000;
  const ACCESSES = (END_MS * PER_SECOND) / 1000;
  const zipf = new Zipf(KEYS, 1.1, seededRandom(2026));
  const ranks = new Uint32Array(ACCESSES);
  for (let i = 0; i < ACCESSES; i++) ranks[i] = zipf.next();
  const inWindow = new Uint32Array(KEYS + 1);
  for (let i = (WINDOW_START_MS * PER_SECOND) / 1000; i < ACCESSES; i++) inWindow[ranks[i]]++;
  const truthPerMinute = (key: string) => (inWindow[Number(key.split(':')[1])] * 60_000) / (END_MS - WINDOW_START_MS);

  let clock = 0;
  const tracker = new HotKeyTracker({
    redaction: createRedactionPolicy({ rawPrefixes: ['user:'] }),
    autoRotate: false,
    now: () => clock,
  });
  const sketchOnly = new SlidingTopK(6, () => new HeavyKeeper({ k: 64 }));
  let trackerNs = 0;
  let sketchNs = 0;
  const SLICE = 1_000_000; // alternate the two paths per slice, so load changes fall on both
  for (let from = 0; from < ACCESSES; from += SLICE) {
    const to = Math.min(ACCESSES, from + SLICE);
    let t0 = process.hrtime.bigint();
    for (let i = from; i < to; i++) {
      const ms = (i * 1000) / PER_SECOND;
      if (ms > 0 && ms % 10_000 === 0) {
        clock = ms;
        tracker.rotate();
        sketchOnly.rotate();
      }
      if (i % 1000 === 0) clock = ms;
      tracker.record(`user:${ranks[i]}:profile`);
    }
    tracker.drain();
    trackerNs += Number(process.hrtime.bigint() - t0);
    t0 = process.hrtime.bigint();
    for (let i = from; i < to; i++) {
      if (i > 0 && ((i * 1000) / PER_SECOND) % 10_000 === 0) sketchOnly.rotate();
      sketchOnly.add(`user:${ranks[i]}:profile`);
    }
    sketchNs += Number(process.hrtime.bigint() - t0);
  }
  clock = END_MS;
  const snapshot = tracker.snapshot();
  tracker.stop();
  const coveredMinutes = (END_MS - WINDOW_START_MS) / 60_000;
  const measured = relativeErrors(snapshot.keys.map((k) => ({ estimate: k.rate, truth: truthPerMinute(k.key) })));
  const sketched = relativeErrors(
    sketchOnly.top(10).map((k) => ({ estimate: k.count / coveredMinutes, truth: truthPerMinute(k.key) })),
  );
  const notes = `Zipf(1.1), ${KEYS} keys, ${ACCESSES} accesses at ${PER_SECOND}/s on a simulated clock, 6 × 10 s sub-windows, top 10 at ${END_MS / 1000} s (window ${WINDOW_START_MS / 1000}–${END_MS / 1000} s); coverage ${Math.min(...snapshot.keys.map((k) => k.coverage))}–${Math.max(...snapshot.keys.map((k) => k.coverage))}; cost includes building the key string; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
  return [
    row(
      'hotkeys: client measured top-10 rate relative error, median',
      percentile(measured, 50),
      'ratio',
      { name: 'HeavyKeeper count as rate, median', value: percentile(sketched, 50) },
      notes,
    ),
    row(
      'hotkeys: client measured top-10 rate relative error, max',
      measured[measured.length - 1],
      'ratio',
      { name: 'HeavyKeeper count as rate, max', value: sketched[sketched.length - 1] },
      notes,
    ),
    row(
      'hotkeys: client update cost (sketch + exact counts)',
      trackerNs / ACCESSES / 1000,
      'us/access',
      { name: 'HeavyKeeper sliding window alone', value: sketchNs / ACCESSES / 1000 },
      notes,
    ),
  ];
}

async function main() {
  const rows = clientRates();
  rows.push(...(await serverEstimates()));
  recordRows(rows);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
