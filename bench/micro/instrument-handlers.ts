// The instrumentation's own per-command cost, without Redis, sockets or ioredis: its channel handlers are fed
// messages shaped like ioredis's command context (start, then asyncEnd after an event-loop turn, a pipeline at a
// time), and the CPU per command is compared with the same loop calling empty handlers. Finer than
// `npm run bench library`, whose CPU figures move by ±0.05 µs per command between runs; not part of it.
//
//   node -r @swc-node/register bench/micro/instrument-handlers.ts [depth=64] [rounds=21]
//   KEYS=zipf …   one key per command from Zipf(1.1) over 100k keys, built per command (default: one fixed key)
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { IoredisInstrumentation } from '../../instrument/src/ioredis';
import { HotKeyTracker } from '../../instrument/src/hotkeys';
import { createRedactionPolicy } from '../../instrument/src/redaction';
import { Zipf, seededRandom } from '../../demo/src/zipf';
import { DroppingExporter, IdleReader } from '../lib/otel';
import { median } from '../lib/results';

type Handler = (message: unknown) => void;
const DEPTH = Number(process.argv[2] ?? 64);
const ROUNDS = Number(process.argv[3] ?? 21);
const ROUND_COMMANDS = 256_000;
const zipf = new Zipf(100_000, 1.1, seededRandom(1));
const keyOf =
  process.env.KEYS === 'zipf'
    ? () => {
        const key = `user:${zipf.next()}:profile`;
        Buffer.byteLength(key); // ioredis's Command.toWritable does this before tracing (it flattens the string)
        return key;
      }
    : () => 'bench:key';

/** CPU ns per command for ROUND_COMMANDS commands through `start`/`end`. */
async function round(start: Handler, end: Handler): Promise<number> {
  const messages: Record<string, unknown>[] = [];
  const cpu = process.cpuUsage();
  for (let sent = 0; sent < ROUND_COMMANDS; sent += DEPTH) {
    for (let i = 0; i < DEPTH; i++) {
      const msg = { command: 'get', args: [keyOf()], database: 0, serverAddress: '127.0.0.1', serverPort: 6379 };
      start(msg);
      messages.push(msg);
    }
    await new Promise((resolve) => setImmediate(resolve)); // the reply arrives in a later turn
    for (const msg of messages) {
      msg.result = 'x'; // what TracingChannel.tracePromise sets before publishing asyncEnd
      end(msg);
    }
    messages.length = 0;
  }
  await new Promise((resolve) => setImmediate(resolve)); // the instrumentation's deferred emit
  const used = process.cpuUsage(cpu);
  return ((used.user + used.system) * 1000) / ROUND_COMMANDS;
}

async function main() {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  const tracerProvider = new BasicTracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new BatchSpanProcessor(new DroppingExporter())],
  });
  const hotKeys = new HotKeyTracker({ meterProvider, redaction: createRedactionPolicy() });
  // The handlers are the instrumentation's private subscribers; called directly (not enabled), as ioredis's
  // channel would call them.
  const handlers = (instrumentation: IoredisInstrumentation) => {
    const h = instrumentation as unknown as { onCommandStart: Handler; onCommandEnd: Handler };
    return { start: h.onCommandStart, end: h.onCommandEnd };
  };
  const empty: Handler = () => undefined;
  const scenarios = [
    { name: 'empty handlers', start: empty, end: empty },
    { name: 'metrics', ...handlers(new IoredisInstrumentation({ meterProvider, tracing: false })) },
    { name: 'metrics+hotkeys', ...handlers(new IoredisInstrumentation({ meterProvider, tracing: false, hotKeys })) },
    {
      name: 'tracing',
      ...handlers(new IoredisInstrumentation({ tracerProvider, metrics: false, requireParentSpan: false })),
    },
  ];
  const samples = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
  for (const s of scenarios) await round(s.start, s.end); // warm-up
  const random = seededRandom(2);
  for (let r = 0; r < ROUNDS; r++) {
    const order = scenarios.map((s) => ({ s, k: random() })).sort((a, b) => a.k - b.k);
    for (const { s } of order) samples.get(s.name)!.push(await round(s.start, s.end));
  }
  hotKeys.stop();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  const floor = median(samples.get('empty handlers')!);
  console.log(`depth ${DEPTH}, keys ${process.env.KEYS ?? 'one'}, median of ${ROUNDS} rounds`);
  for (const s of scenarios) {
    const ns = median(samples.get(s.name)!);
    console.log(`${s.name.padEnd(16)} ${ns.toFixed(0).padStart(6)} ns/command, ${(ns - floor).toFixed(0)} above empty`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
