// HA client bench: time from +switch-master to the first successful write on the new master, for SIGKILL and
// SIGSTOP (hang) of the master, redis-lens defaults beside plain ioredis Sentinel clients in the same failovers;
// then throughput with read/write split vs master-only. `npm run bench ha`.
import Redis from 'ioredis';
import { sleep, startSentinelTopology, waitFor, type SentinelTopology } from '@redis-lens/testkit';
import { createRedisClient } from '../instrument/src/ha';
import { median, recordRows, row, type BenchRow } from './lib/results';

const ROUNDS = Number(process.env.HA_BENCH_ROUNDS ?? 5);
/** The default ioredis client never leaves a hung master; stop waiting for it here and record the bound. */
const BOUND_MS = Number(process.env.HA_BENCH_BOUND_MS ?? 30_000);
const FAILOVER_TIMEOUT_MS = 2_000;

type Variant = 'redis-lens' | 'ioredis defaults' | 'ioredis failoverDetector';
const VARIANTS: Variant[] = ['redis-lens', 'ioredis defaults', 'ioredis failoverDetector'];

interface Write {
  start: number;
  end: number;
  ok: boolean;
  port?: number;
}

function makeClient(variant: Variant, topology: SentinelTopology): Redis {
  const sentinels = topology.sentinels.map(({ host, port }) => ({ host, port }));
  const name = topology.masterName;
  if (variant === 'redis-lens') return createRedisClient({ sentinels, name });
  return new Redis({ sentinels, name, failoverDetector: variant === 'ioredis failoverDetector' });
}

/** A sequential SET loop recording when each write started and ended, and on which node it succeeded. */
function writeLoop(client: Redis, prefix: string) {
  const writes: Write[] = [];
  let stopped = false;
  let inFlightSince: number | undefined;
  const done = (async () => {
    for (let i = 0; !stopped && i < 1_000_000; i++) {
      const start = Date.now();
      inFlightSince = start;
      try {
        await client.set(`${prefix}:${i}`, 'x');
        writes.push({ start, end: Date.now(), ok: true, port: client.stream?.remotePort });
      } catch {
        writes.push({ start, end: Date.now(), ok: false });
        await sleep(10);
      }
      inFlightSince = undefined;
    }
  })();
  return {
    writes,
    /** How long the write now in flight has waited (a write stuck on a hung master never completes). */
    inFlightMs: () => (inFlightSince === undefined ? 0 : Date.now() - inFlightSince),
    async stop() {
      stopped = true;
      client.disconnect(); // rejects a write stuck on a hung master
      // ioredis does not flush its queue when disconnect() comes while it waits to reconnect: do not wait forever.
      await Promise.race([done, sleep(2_000)]);
    },
  };
}

/** The earliest `+switch-master` from any Sentinel: the clock every client's recovery is measured from. */
async function watchSwitches(topology: SentinelTopology) {
  const announcements: number[] = [];
  const subscribers = topology.sentinels.map((s) => s.client({ maxRetriesPerRequest: null }));
  for (const sub of subscribers) {
    sub.on('error', () => undefined);
    sub.on('message', () => announcements.push(Date.now()));
  }
  await Promise.all(subscribers.map((sub) => sub.subscribe('+switch-master')));
  return {
    firstSince: (t: number) => announcements.filter((a) => a >= t).reduce((a, b) => Math.min(a, b), Infinity),
    stop: () => subscribers.forEach((sub) => sub.disconnect()),
  };
}

/** Puts a killed or hung old master back as a replica of the new one (quicker than waiting for Sentinel). */
async function revive(topology: SentinelTopology, oldPort: number, newPort: number): Promise<void> {
  const node = topology.nodeByPort(oldPort)!;
  if (node.process.isRunning()) node.process.signal('SIGCONT');
  else await node.restart();
  await node.command('REPLICAOF', '127.0.0.1', newPort);
  await waitFor(
    'revived node to sync',
    async () => /master_link_status:up/.test(String(await node.command('INFO', 'replication'))),
    {
      timeoutMs: 30_000,
    },
  );
}

async function failoverRounds(topology: SentinelTopology, mode: 'kill' | 'hang') {
  const switches = await watchSwitches(topology);
  const recovery = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  const longestWait = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  let boundHits = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const clients = VARIANTS.map((v) => {
      const client = makeClient(v, topology);
      client.on('error', () => undefined);
      return { variant: v, client, loop: writeLoop(client, `bench:${mode}:${round}:${v}`) };
    });
    await waitFor('all clients writing', async () =>
      clients.every((c) => c.loop.writes.filter((w) => w.ok).length > 20),
    );
    await sleep(500); // ioredis's failoverDetector subscribes after connecting
    const faultAt = Date.now();
    const { newMaster, oldMaster } = await topology.failover(mode);
    const switchedAt = Math.min(Date.now(), switches.firstSince(faultAt));
    const firstOk = (writes: Write[]) => writes.find((w) => w.ok && w.end >= switchedAt && w.port === newMaster.port);
    await waitFor(
      'every client to write on the new master, or the bound',
      async () => clients.every((c) => firstOk(c.loop.writes)) || Date.now() - switchedAt > BOUND_MS,
      { timeoutMs: BOUND_MS + 5_000, intervalMs: 20 },
    );
    const stuckMs = new Map(clients.map((c) => [c.variant, c.loop.inFlightMs()]));
    for (const c of clients) await c.loop.stop();
    for (const { variant, loop } of clients) {
      const first = firstOk(loop.writes);
      if (!first) boundHits++;
      recovery.get(variant)!.push(first ? first.end - switchedAt : BOUND_MS);
      const waits = loop.writes.filter((w) => w.end >= faultAt).map((w) => w.end - w.start);
      longestWait.get(variant)!.push(waits.reduce((a, b) => Math.max(a, b), stuckMs.get(variant)!));
    }
    console.log(
      `${mode} round ${round + 1}: switch after ${switchedAt - faultAt} ms;`,
      VARIANTS.map((v) => `${v} ${recovery.get(v)!.at(-1)} ms`).join(', '),
    );
    await revive(topology, oldMaster.port, newMaster.port);
    // Sentinel will not fail the same master over again within 2 x failover-timeout.
    await sleep(2 * FAILOVER_TIMEOUT_MS + 500);
  }
  switches.stop();
  return { recovery, longestWait, boundHits };
}

/** CPU seconds the master process has used (user + sys), from INFO. */
async function masterCpuSeconds(topology: SentinelTopology): Promise<number> {
  const text = String(await (await topology.master()).command('INFO', 'cpu'));
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(text)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

async function throughput(
  topology: SentinelTopology,
  readFrom: 'master' | 'replica',
  ms: number,
): Promise<{ opsPerSec: number; masterCpuMsPer1k: number }> {
  const client = createRedisClient({
    sentinels: topology.sentinels.map(({ host, port }) => ({ host, port })),
    name: topology.masterName,
    readFrom,
  });
  client.on('error', () => undefined);
  try {
    await client.ping();
    if (readFrom === 'replica') await waitFor('replica connection', async () => client.replica?.status === 'ready');
    const keys = Array.from({ length: 1000 }, (_, i) => `tp:${i}`);
    await client.mset(...keys.flatMap((k) => [k, 'x'.repeat(100)]));
    let ops = 0;
    const cpuBefore = await masterCpuSeconds(topology);
    const deadline = Date.now() + ms;
    // 64 concurrent callers, 9 reads per write: a typical cache-heavy mix.
    await Promise.all(
      Array.from({ length: 64 }, async (_, worker) => {
        for (let i = worker; Date.now() < deadline; i++) {
          const key = keys[i % keys.length];
          if (i % 10 === 0) await client.set(key, 'y'.repeat(100));
          else await client.get(key);
          ops++;
        }
      }),
    );
    const masterCpuMsPer1k = (((await masterCpuSeconds(topology)) - cpuBefore) * 1000 * 1000) / ops;
    return { opsPerSec: (ops / ms) * 1000, masterCpuMsPer1k };
  } finally {
    client.disconnect();
  }
}

async function main() {
  const topology = await startSentinelTopology({
    replicas: 2,
    sentinels: 3,
    downAfterMs: 1_000,
    failoverTimeoutMs: FAILOVER_TIMEOUT_MS,
  });
  const rows: BenchRow[] = [];
  try {
    for (const mode of ['kill', 'hang'] as const) {
      const { recovery, longestWait, boundHits } = await failoverRounds(topology, mode);
      const anchor = { name: 'ioredis defaults (Sentinel)', value: median(recovery.get('ioredis defaults')!) };
      const notes = `median of ${ROUNDS} failovers, downAfter 1 s, loopback; bound ${BOUND_MS} ms, hit ${boundHits}x (all clients)`;
      rows.push(
        row(
          `ha: +switch-master to first write, ${mode} (redis-lens)`,
          median(recovery.get('redis-lens')!),
          'ms',
          anchor,
          notes,
        ),
        row(
          `ha: +switch-master to first write, ${mode} (ioredis failoverDetector)`,
          median(recovery.get('ioredis failoverDetector')!),
          'ms',
          anchor,
          notes,
        ),
        row(
          `ha: longest write wait during ${mode} failover (redis-lens)`,
          median(longestWait.get('redis-lens')!),
          'ms',
          { name: 'ioredis defaults (Sentinel)', value: median(longestWait.get('ioredis defaults')!) },
          `median over ${ROUNDS} failovers of the longest single SET wait from the fault on (a write still stuck counts until the bound)`,
        ),
      );
    }
    type Run = Awaited<ReturnType<typeof throughput>>;
    const tp: { master: Run[]; replica: Run[] } = { master: [], replica: [] };
    for (let rep = 0; rep < 2; rep++) {
      tp.master.push(await throughput(topology, 'master', 5_000));
      tp.replica.push(await throughput(topology, 'replica', 5_000));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const tpNotes =
      '64 concurrent callers, 100-byte values, 2 x 5 s each alternating; master + 2 replicas + 3 Sentinels + bench on 2 cores';
    rows.push(
      row(
        'ha: throughput 90% GET / 10% SET, read/write split',
        mean(tp.replica.map((r) => r.opsPerSec)),
        'ops/s',
        { name: 'master-only (same client, readFrom master)', value: mean(tp.master.map((r) => r.opsPerSec)) },
        tpNotes,
      ),
      row(
        'ha: master CPU per 1000 ops, read/write split',
        mean(tp.replica.map((r) => r.masterCpuMsPer1k)),
        'ms',
        { name: 'master-only (same client, readFrom master)', value: mean(tp.master.map((r) => r.masterCpuMsPer1k)) },
        tpNotes + '; master used_cpu_user+sys delta / ops',
      ),
    );
    recordRows(rows);
  } finally {
    await topology.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
