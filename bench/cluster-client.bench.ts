// `npm run bench cluster-client`: a master of a real 3 × 1 Redis Cluster is SIGKILLed (and, separately, SIGSTOPped)
// while two clients write to a key on that master's shard every 10 ms: the HA cluster client
// (`createRedisClient({ cluster })`) and, as anchor in the same run, a plain `new Redis.Cluster(nodes)` with ioredis
// defaults. Figure: fault → first successful write on that shard, median over the repetitions. The server's own
// failover time (fault → "Failover election won" in the promoted replica's log) is in the notes: what remains is
// the client's share.
import { readFileSync } from 'node:fs';
import { sleep, startRedisCluster, waitFor, type ClusterNode, type RedisCluster } from '@redis-lens/testkit';
import { Cluster } from 'ioredis';
import { createRedisClient } from '../instrument/src/ha';
import { median, recordRows, row, type BenchRow } from './lib/results';

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 3);
const WRITE_EVERY_MS = 10;
/** A client that has not written within this long after the fault counts as "not recovered". */
const GIVE_UP_MS = 20_000;
/** A sweep of the HA client's knobs (how CLUSTER_DEFAULTS were chosen): JSON options; rows are then only printed. */
const HA_OVERRIDES = process.env.BENCH_HA_OPTIONS ? JSON.parse(process.env.BENCH_HA_OPTIONS) : undefined;
const MODES = (process.env.BENCH_MODES ?? 'kill,hang').split(',') as ('kill' | 'hang')[];

interface Writer {
  /** Time of the first write that started after `since` and succeeded (undefined: none yet). */
  firstSuccessAfter(since: number): number | undefined;
  stop(): Promise<void>;
}

function startWriter(client: Cluster, key: string): Writer {
  const successes: { startedAt: number; at: number }[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; !stopped && i < 1_000_000; i++) {
      const startedAt = Date.now();
      // The anchor has no command timeout: bound each write here so a hung node cannot stall the loop forever.
      const write = client.set(key, String(i)).then(
        () => true,
        () => false,
      );
      const ok = await Promise.race([write, sleep(GIVE_UP_MS).then(() => false)]);
      if (ok) successes.push({ startedAt, at: Date.now() });
      await sleep(WRITE_EVERY_MS);
    }
  })();
  return {
    firstSuccessAfter: (since) => successes.find((s) => s.startedAt > since)?.at,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** A key the given master serves (found with CLUSTER KEYSLOT, bounded). */
async function keyOn(cluster: RedisCluster, master: ClusterNode): Promise<string> {
  const slots = (await cluster.topology()).find((n) => n.id === master.nodeId)!.slots;
  for (let i = 0; i < 10_000; i++) {
    const slot = Number(await master.command('CLUSTER', 'KEYSLOT', `bench:${i}`));
    if (slots.some(([a, b]) => slot >= a && slot <= b)) return `bench:${i}`;
  }
  throw new Error('no key found for the victim shard');
}

/** "Failover election won" in the promoted replica's log (Redis logs milliseconds), as epoch ms. */
function electionWonAt(node: ClusterNode): number {
  const log = readFileSync(`${node.server.dir}/redis.log`, 'utf8');
  const match = /(\d{2}) (\w{3}) (\d{4}) ([\d:.]+) [*#] Failover election won/.exec(log);
  return match ? Date.parse(`${match[2]} ${match[1]} ${match[3]} ${match[4]}`) : NaN;
}

interface Trial {
  ha: number;
  plain: number;
  promotion: number;
}

async function trial(mode: 'kill' | 'hang'): Promise<Trial> {
  const cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
  const ha = createRedisClient({ cluster: cluster.startupNodes(), ...HA_OVERRIDES });
  const plain = new Cluster(cluster.startupNodes());
  ha.on('error', () => undefined);
  plain.on('error', () => undefined);
  try {
    const victim = (await cluster.masters())[0];
    const [replica] = await cluster.replicasOf(victim);
    const key = await keyOn(cluster, victim);
    await Promise.all([ha.set(key, 'warm'), plain.set(key, 'warm')]);
    const writers = [startWriter(ha, key), startWriter(plain, key)];
    await sleep(500);
    if (mode === 'kill') await cluster.killMaster(0);
    else {
      await cluster.hangNode(victim);
      // The fault counts from when the kernel shows the process stopped ("T"), not from sending the signal.
      await waitFor('the node to stop', () => /\) T /.test(readFileSync(`/proc/${victim.process.pid}/stat`, 'utf8')), {
        intervalMs: 1,
      });
    }
    const faultAt = Date.now();
    await cluster.waitForFailover(victim);
    const deadline = faultAt + GIVE_UP_MS;
    while (Date.now() < deadline && writers.some((w) => w.firstSuccessAfter(faultAt) === undefined)) await sleep(50);
    const [haAt, plainAt] = writers.map((w) => w.firstSuccessAfter(faultAt));
    const result = {
      ha: haAt === undefined ? Infinity : haAt - faultAt,
      plain: plainAt === undefined ? Infinity : plainAt - faultAt,
      promotion: electionWonAt(replica) - faultAt,
    };
    // Let the anchor's stuck write (hang) end before stopping: resume the node first.
    if (mode === 'hang') cluster.resumeNode(victim);
    await Promise.all(writers.map((w) => w.stop()));
    console.log(`${mode}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    ha.disconnect();
    plain.disconnect();
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  for (const mode of MODES) {
    const trials: Trial[] = [];
    for (let i = 0; i < REPETITIONS; i++) trials.push(await trial(mode));
    const ha = median(trials.map((t) => t.ha));
    const plain = median(trials.map((t) => t.plain));
    const promotion = median(trials.map((t) => t.promotion));
    const fault = mode === 'kill' ? 'SIGKILL' : 'SIGSTOP';
    const notes =
      `${REPETITIONS} fresh 3x1 clusters, cluster-node-timeout 1500 ms, one write every ${WRITE_EVERY_MS} ms per ` +
      `client to a key on the faulted shard; median fault->election won ${Math.round(promotion)} ms; ` +
      `HA per run ${trials.map((t) => t.ha).join('/')} ms, ioredis defaults ${trials
        .map((t) => (Number.isFinite(t.plain) ? t.plain : `>${GIVE_UP_MS}`))
        .join('/')} ms; loaded shared 2-core machine`;
    const anchor = Number.isFinite(plain) ? { name: 'ioredis Cluster defaults', value: plain } : undefined;
    rows.push(
      row(
        `cluster client: master ${fault} -> first successful write on its shard`,
        ha,
        'ms',
        anchor,
        anchor ? notes : `${notes}; ioredis defaults wrote nothing within ${GIVE_UP_MS} ms (no anchor value)`,
      ),
    );
  }
  if (HA_OVERRIDES)
    console.log(
      `sweep ${JSON.stringify(HA_OVERRIDES)}:`,
      rows.map((r) => [r.name, r.value, r.notes]),
    );
  else recordRows(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
