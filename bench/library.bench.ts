// `npm run bench library`: the instrumentation library against bare ioredis and @opentelemetry/instrumentation-ioredis
// on one real Redis, client-side hot keys (cost, recall, memory) against Space-Saving and `redis-cli --hotkeys`, and
// session validation latency after warming. Every anchor is measured in this run.
import { spawnSync } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { cpus, loadavg } from 'node:os';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type Redis from 'ioredis';
import { IoredisInstrumentation } from '../instrument/src/ioredis';
import { HotKeyTracker } from '../instrument/src/hotkeys';
import { HeavyKeeper, SlidingTopK, SpaceSaving, type TopKSketch } from '../instrument/src/topk';
import { createSessionCache } from '../instrument/src/session-cache';
import { createRedactionPolicy } from '../instrument/src/redaction';
import { Zipf, seededRandom } from '../demo/src/zipf';
import { DroppingExporter, IdleReader } from './lib/otel';
import { percentile, recordRows, row, median, type BenchRow } from './lib/results';

// instrumentation-ioredis patches ioredis when it is required, so it must exist before ioredis is loaded.
const anchor = new IORedisInstrumentation({ requireParentSpan: false });
anchor.disable();
const { startRedis } = require('@redis-lens/testkit') as typeof import('@redis-lens/testkit');

const noop = (): void => undefined;
/**
 * Each round runs every (scenario, depth) once, in a fresh random order (seeded, so reproducible), for SLICE_MS of
 * its depth: depth 64 gets the longer slices because its per-command differences are the small ones.
 */
const SLICE_MS: Record<number, number> = { 1: 150, 64: 300 };
const ROUNDS = 30;
const DEPTHS = [1, 64] as const;

/** Throughput and this process's CPU time per command (less sensitive than ops/s to other load on the machine). */
async function opsPerSecond(client: Redis, depth: number, ms: number): Promise<{ ops: number; cpuUs: number }> {
  const deadline = performance.now() + ms;
  let ops = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() < deadline) {
    if (depth === 1) {
      await client.get('bench:key');
      ops++;
    } else {
      const pipeline = client.pipeline();
      for (let i = 0; i < depth; i++) pipeline.get('bench:key');
      await pipeline.exec();
      ops += depth;
    }
  }
  const used = process.cpuUsage(cpu);
  return { ops: ops / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / ops };
}

interface Scenario {
  name: string;
  on(): void;
  off(): void;
}

async function throughput(client: Redis): Promise<BenchRow[]> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  const spans = new DroppingExporter();
  const tracerProvider = new BasicTracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new BatchSpanProcessor(spans)],
  });
  anchor.setTracerProvider(tracerProvider);
  const hotKeys = new HotKeyTracker({ meterProvider, redaction: createRedactionPolicy() });
  const metricsOnly = new IoredisInstrumentation({ meterProvider, tracing: false });
  const withHotKeys = new IoredisInstrumentation({ meterProvider, tracing: false, hotKeys });
  const tracing = new IoredisInstrumentation({ tracerProvider, metrics: false, requireParentSpan: false });
  const scenarios: Scenario[] = [
    { name: 'bare', on: () => undefined, off: () => undefined },
    // What ioredis's own tracing channel costs once anyone subscribes (context building, promise wrapping).
    {
      name: 'noop-subscriber',
      on: () => subscribe('tracing:ioredis:command:start', noop),
      off: () => unsubscribe('tracing:ioredis:command:start', noop),
    },
    { name: 'metrics', on: () => metricsOnly.enable(), off: () => metricsOnly.disable() },
    { name: 'metrics+hotkeys', on: () => withHotKeys.enable(), off: () => withHotKeys.disable() },
    { name: 'tracing', on: () => tracing.enable(), off: () => tracing.disable() },
    { name: 'instrumentation-ioredis', on: () => anchor.enable(), off: () => anchor.disable() },
  ];
  await opsPerSecond(client, 1, 500); // warm-up (also the instrumented paths, so every scenario runs JIT-compiled)
  for (const scenario of scenarios.slice(1)) {
    scenario.on();
    await opsPerSecond(client, 1, 200);
    await opsPerSecond(client, 64, 200);
    scenario.off();
  }
  await opsPerSecond(client, 64, 500);
  // A random order every round, so drift and the GC debt a slice leaves to the next one fall on every scenario
  // alike (in a fixed order each scenario always follows the same one); every figure is a median over the rounds.
  const slices = scenarios.flatMap((scenario) => DEPTHS.map((depth) => ({ scenario, depth })));
  const opsSamples = new Map<string, number[]>(slices.map((s) => [`${s.scenario.name}@${s.depth}`, []]));
  const cpuSamples = new Map<string, number[]>(slices.map((s) => [`${s.scenario.name}@${s.depth}`, []]));
  const random = seededRandom(1);
  for (let round = 0; round < ROUNDS; round++) {
    for (const { scenario, depth } of shuffle(slices, random)) {
      scenario.on();
      const { ops, cpuUs } = await opsPerSecond(client, depth, SLICE_MS[depth]);
      scenario.off();
      opsSamples.get(`${scenario.name}@${depth}`)!.push(ops);
      cpuSamples.get(`${scenario.name}@${depth}`)!.push(cpuUs);
    }
  }
  hotKeys.stop();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  const ops = (name: string, depth: number) => median(opsSamples.get(`${name}@${depth}`)!);
  const cpu = (name: string, depth: number) => median(cpuSamples.get(`${name}@${depth}`)!);
  /** Spread of the same-round ratios (scenario ÷ anchor, measured in the same round): p25–p75. */
  const spread = (name: string, anchor: string, depth: number, samples: Map<string, number[]>) => {
    const a = samples.get(`${anchor}@${depth}`)!;
    const ratios = samples
      .get(`${name}@${depth}`)!
      .map((v, i) => v / a[i])
      .sort((x, y) => x - y);
    return `same-round ratios p25–p75 ${percentile(ratios, 25).toFixed(3)}–${percentile(ratios, 75).toFixed(3)}`;
  };
  const notes = `median of ${ROUNDS} rounds, each running every scenario at depth 1 for ${SLICE_MS[1]} ms and depth 64 for ${SLICE_MS[64]} ms in a random order (GET of one key); load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; tracing scenarios: AlwaysOn, requireParentSpan false, BatchSpanProcessor to a dropping exporter (${spans.exported} spans)`;
  const opsNotes = (name: string, anchor: string, depth: number) =>
    `${notes}; ${spread(name, anchor, depth, opsSamples)}`;
  const cpuNotes = (name: string, anchor: string, depth: number) =>
    `${notes}; ${spread(name, anchor, depth, cpuSamples)}`;
  const rows: BenchRow[] = [];
  for (const depth of DEPTHS) {
    const bare = { name: `bare ioredis ops depth ${depth}`, value: ops('bare', depth) };
    const otel = { name: `instrumentation-ioredis ops depth ${depth}`, value: ops('instrumentation-ioredis', depth) };
    rows.push(
      row(
        `ioredis channel (no-op subscriber)/bare ops depth ${depth}`,
        ops('noop-subscriber', depth),
        'ops/s',
        bare,
        opsNotes('noop-subscriber', 'bare', depth),
      ),
      row(
        `instrumented/bare ops depth ${depth}`,
        ops('metrics', depth),
        'ops/s',
        bare,
        opsNotes('metrics', 'bare', depth),
      ),
      row(
        `instrumented+hotkeys/bare ops depth ${depth}`,
        ops('metrics+hotkeys', depth),
        'ops/s',
        bare,
        opsNotes('metrics+hotkeys', 'bare', depth),
      ),
      row(`tracing/bare ops depth ${depth}`, ops('tracing', depth), 'ops/s', bare, opsNotes('tracing', 'bare', depth)),
      row(
        `tracing/instrumentation-ioredis ops depth ${depth}`,
        ops('tracing', depth),
        'ops/s',
        otel,
        opsNotes('tracing', 'instrumentation-ioredis', depth),
      ),
    );
    const bareCpu = { name: `bare ioredis client CPU per command depth ${depth}`, value: cpu('bare', depth) };
    const otelCpu = {
      name: `instrumentation-ioredis client CPU per command depth ${depth}`,
      value: cpu('instrumentation-ioredis', depth),
    };
    rows.push(
      row(
        `ioredis channel (no-op subscriber) client CPU per command depth ${depth}`,
        cpu('noop-subscriber', depth),
        'us',
        bareCpu,
        cpuNotes('noop-subscriber', 'bare', depth),
      ),
      row(
        `instrumented client CPU per command depth ${depth}`,
        cpu('metrics', depth),
        'us',
        bareCpu,
        cpuNotes('metrics', 'bare', depth),
      ),
      row(
        `instrumented+hotkeys client CPU per command depth ${depth}`,
        cpu('metrics+hotkeys', depth),
        'us',
        bareCpu,
        cpuNotes('metrics+hotkeys', 'bare', depth),
      ),
      row(
        `tracing client CPU per command depth ${depth}`,
        cpu('tracing', depth),
        'us',
        bareCpu,
        cpuNotes('tracing', 'bare', depth),
      ),
      row(
        `tracing/instrumentation-ioredis client CPU per command depth ${depth}`,
        cpu('tracing', depth),
        'us',
        otelCpu,
        cpuNotes('tracing', 'instrumentation-ioredis', depth),
      ),
    );
  }
  return rows;
}

/** Fisher–Yates shuffle into a new array. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Exact top-10 vs a sketch's top-10 over Zipf(1.1), 1M keys, 10M accesses; plus cost per access and memory. */
function hotKeyAccuracy(): BenchRow[] {
  const KEYS = 1_000_000;
  const ACCESSES = 10_000_000;
  const zipf = new Zipf(KEYS, 1.1, seededRandom(2026));
  const ranks = new Uint32Array(ACCESSES);
  const exact = new Uint32Array(KEYS + 1);
  for (let i = 0; i < ACCESSES; i++) exact[(ranks[i] = zipf.next())]++;
  const truth = new Set(
    Array.from(exact.keys())
      .sort((a, b) => exact[b] - exact[a])
      .slice(0, 10),
  );
  // Same shapes as HotKeyTracker's defaults: 64 HeavyKeeper candidates, or 256 Space-Saving counters.
  const sketches: Record<string, () => TopKSketch> = {
    heavykeeper: () => new HeavyKeeper({ k: 64 }),
    'space-saving': () => new SpaceSaving(256),
  };
  const results: Record<string, { recall: number; nsPerAccess: number; memory: number }> = {};
  for (const [name, create] of Object.entries(sketches)) {
    const window = new SlidingTopK(6, create);
    const started = process.hrtime.bigint();
    for (let i = 0; i < ACCESSES; i++) window.add(`user:${ranks[i]}:profile`);
    const nsPerAccess = Number(process.hrtime.bigint() - started) / ACCESSES;
    const found = window.top(10).filter((k) => truth.has(Number(k.key.split(':')[1]))).length;
    results[name] = { recall: found / 10, nsPerAccess, memory: window.memoryBytes() };
  }
  // The key string is built in the loop for both; measure that alone so the sketch cost can be read off.
  const started = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < ACCESSES; i++) sink += `user:${ranks[i]}:profile`.length;
  const keyBuildNs = Number(process.hrtime.bigint() - started) / ACCESSES;
  const hk = results.heavykeeper;
  const ss = results['space-saving'];
  const notes = `Zipf(1.1), ${KEYS} keys, ${ACCESSES} accesses, 6 sub-windows; includes building the key string (${keyBuildNs.toFixed(0)} ns, sink ${sink % 10})`;
  return [
    row('hotkey top-10 recall', hk.recall, 'ratio', { name: 'space-saving top-10 recall', value: ss.recall }, notes),
    row(
      'hotkey update cost',
      hk.nsPerAccess / 1000,
      'us/access',
      { name: 'space-saving update cost', value: ss.nsPerAccess / 1000 },
      notes,
    ),
    row('hotkey memory', hk.memory, 'bytes', { name: 'space-saving memory', value: ss.memory }, notes),
  ];
}

/** `redis-cli --hotkeys` on a same-shaped keyspace (1M keys, allkeys-lfu, Zipf(1.1) accesses) vs a client snapshot. */
async function serverHotKeys(): Promise<BenchRow[]> {
  const redis = await startRedis({ maxmemoryPolicy: 'allkeys-lfu', config: ['lfu-decay-time 0'] });
  try {
    const client = redis.client();
    await client.call('DEBUG', 'POPULATE', '1000000', 'user');
    const zipf = new Zipf(1_000_000, 1.1, seededRandom(7));
    const tracker = new HotKeyTracker({ redaction: createRedactionPolicy(), autoRotate: false });
    const ACCESSES = 1_000_000;
    for (let sent = 0; sent < ACCESSES; sent += 1000) {
      const pipeline = client.pipeline();
      for (let i = 0; i < 1000; i++) {
        const key = `user:${zipf.next() - 1}`; // DEBUG POPULATE names keys user:0 … user:999999
        pipeline.get(key);
        tracker.record(key);
      }
      await pipeline.exec();
    }
    client.disconnect();
    const snapStart = performance.now();
    tracker.snapshot();
    const snapshotMs = performance.now() - snapStart;
    tracker.stop();
    const cliStart = performance.now();
    const result = spawnSync('redis-cli', ['-h', redis.host, '-p', String(redis.port), '--hotkeys'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const cliMs = performance.now() - cliStart;
    if (result.status !== 0) throw new Error(`redis-cli --hotkeys failed: ${result.stderr}`);
    return [
      row(
        'redis-cli --hotkeys time',
        cliMs,
        'ms',
        { name: 'client hot-key snapshot time', value: snapshotMs },
        `1M keys, allkeys-lfu, ${ACCESSES} Zipf(1.1) GETs first`,
      ),
    ];
  } finally {
    await redis.stop();
  }
}

/** Session validation latency and hit rate after warming the most popular fifth of the sessions. */
async function sessions(client: Redis): Promise<BenchRow[]> {
  const SESSIONS = 10_000;
  const VALIDATIONS = 20_000;
  const ids = Array.from({ length: SESSIONS }, (_, i) => `bench-${i.toString(36)}-${(i * 7919).toString(16)}`);
  const db = new Map(ids.map((id, i) => [id, { user: `user${i}` }]));
  const load = async (id: string) => {
    await new Promise((r) => setImmediate(r)); // a database call: at least one event-loop turn
    return db.get(id);
  };
  await client.flushdb();
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  const cache = createSessionCache({
    redis: client,
    load,
    ttl: 600,
    meterProvider,
    warm: { ids: ids.slice(0, SESSIONS / 5), concurrency: 8 },
  });
  const warmStart = performance.now();
  const warmed = await cache.warmed;
  const warmMs = performance.now() - warmStart;
  const zipf = new Zipf(SESSIONS, 1.1, seededRandom(99));
  let hits = 0;
  const latencies: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < VALIDATIONS; i++) {
    const id = ids[zipf.next() - 1];
    const hitBefore = await client.exists(`session:${id}`); // not timed: tells hit from miss for the hit rate
    const t0 = performance.now();
    await cache.validate(id);
    latencies.push((performance.now() - t0) * 1000);
    hits += hitBefore;
    const t1 = performance.now();
    await client.get(`session:${id}`);
    bare.push((performance.now() - t1) * 1000);
  }
  cache.close();
  await meterProvider.shutdown();
  latencies.sort((a, b) => a - b);
  bare.sort((a, b) => a - b);
  const notes = `${SESSIONS} sessions, ${warmed.loaded} warmed in ${warmMs.toFixed(0)} ms, ${VALIDATIONS} Zipf(1.1) validations`;
  return [
    row(
      'session validate p50',
      percentile(latencies, 50),
      'us',
      { name: 'bare ioredis GET p50', value: percentile(bare, 50) },
      notes,
    ),
    row(
      'session validate p99',
      percentile(latencies, 99),
      'us',
      { name: 'bare ioredis GET p99', value: percentile(bare, 99) },
      notes,
    ),
    row('session hit rate after warming', hits / VALIDATIONS, 'ratio', undefined, notes),
  ];
}

async function main() {
  const redis = await startRedis();
  const rows: BenchRow[] = [];
  try {
    const client = redis.client();
    await client.set('bench:key', 'x'.repeat(100));
    rows.push(...(await throughput(client)));
    rows.push(...(await sessions(client)));
    client.disconnect();
  } finally {
    await redis.stop();
  }
  rows.push(...hotKeyAccuracy());
  rows.push(...(await serverHotKeys()));
  recordRows(rows);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
