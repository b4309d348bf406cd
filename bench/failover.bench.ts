// `npm run bench failover`: (1) time from `+switch-master` (as observed on a Sentinel) to the new master in the
// feature's /metrics, over several real failovers, beside redis_exporter (Debian 1.45, polling the same Sentinel)
// measured the same way in the same run; (2) time for the server-side hot-key scan to find the top 10 on 100k keys
// beside `redis-cli --hotkeys` on the same keyspace.
import { join } from 'node:path';
import {
  freePort,
  getText,
  info,
  pairsToRecord,
  releasePort,
  runTool,
  spawnManaged,
  startRedis,
  startSentinelTopology,
  tempDir,
  removeDir,
  waitFor,
  type SentinelTopology,
} from '@redis-lens/testkit';
import type { FeatureContext } from '../exporter/src/feature';
import { createFailoverFeature } from '../exporter/src/sentinel/failover';
import { renderKey } from '../instrument/src/redaction';
import { createServerHotKeysFeature } from '../exporter/src/hotkeys/server';
import { sample, startHarness } from '../exporter/test/support/feature-harness';
import { median, recordRows, row, type BenchRow } from './lib/results';

const FAILOVERS = 6;
const MASTER = 'mymaster';
const POLL_LIMIT_MS = 10_000;

async function metricsText(port: number): Promise<string> {
  return (await getText(`http://127.0.0.1:${port}/metrics`)).body;
}

/** Waits until every Sentinel agrees on the master and sees both replicas healthy, so the next failover can run. */
async function settle(topo: SentinelTopology): Promise<void> {
  await waitFor(
    'topology to settle after a failover',
    async () => {
      const master = await topo.master();
      for (const node of topo.nodes) {
        if (node === master) continue;
        const replication = await info(node, 'replication');
        if (replication.master_link_status !== 'up' || Number(replication.master_port) !== master.port) return false;
      }
      for (const sentinel of topo.sentinels) {
        const client = sentinel.client({ retryStrategy: () => null });
        try {
          const m = pairsToRecord(await client.call('SENTINEL', 'MASTER', MASTER));
          if (Number(m.port) !== master.port || m.flags !== 'master' || Number(m['num-slaves']) < 2) return false;
          const replicas = (await client.call('SENTINEL', 'REPLICAS', MASTER)) as unknown[];
          if (!replicas.map(pairsToRecord).every((r) => r.flags === 'slave' && r['master-link-status'] === 'ok')) {
            return false;
          }
        } finally {
          client.disconnect();
        }
      }
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

async function failoverLatency(): Promise<BenchRow[]> {
  const topo = await startSentinelTopology({ replicas: 2, sentinels: 3, masterName: MASTER });
  const harness = await startHarness({
    sentinels: topo.sentinels.map((s) => ({ host: s.host, port: s.port })),
    masterName: MASTER,
  });
  const feature = createFailoverFeature();
  const anchorPort = await freePort();
  const anchorDir = tempDir('redis-exporter');
  const anchor = spawnManaged(
    'prometheus-redis-exporter',
    'prometheus-redis-exporter',
    ['-redis.addr', `redis://127.0.0.1:${topo.sentinels[0].port}`, '-web.listen-address', `127.0.0.1:${anchorPort}`],
    { logFile: join(anchorDir, 'exporter.log') },
  );
  const ours: number[] = [];
  const theirs: number[] = [];
  try {
    await feature.start(harness.ctx);
    await waitFor('feature subscribed', () => feature.ready());
    await waitFor('redis_exporter /metrics', async () => (await metricsText(anchorPort)).includes('redis_up'));
    for (let i = 0; i < FAILOVERS; i++) {
      await settle(topo);
      const watch = topo.waitForSwitchMaster(30_000);
      await watch.ready;
      const trigger = topo.sentinels[i % 3].client({ retryStrategy: () => null });
      await trigger.call('SENTINEL', 'FAILOVER', MASTER).finally(() => trigger.disconnect());
      const newMaster = await watch.switched;
      const t0 = performance.now();
      const address = `${newMaster.host}:${newMaster.port}`;
      let oursMs: number | undefined;
      let theirsMs: number | undefined;
      // Alternate polls so neither exporter gets a head start; each poll is one full scrape.
      while ((oursMs === undefined || theirsMs === undefined) && performance.now() - t0 < POLL_LIMIT_MS) {
        if (oursMs === undefined) {
          const text = await harness.metrics();
          if (sample(text, 'redis_sentinel_current_master_info', { master_address: address }) === 1) {
            oursMs = performance.now() - t0;
          }
        }
        if (theirsMs === undefined) {
          const text = await metricsText(anchorPort);
          if (text.split('\n').some((l) => l.startsWith('redis_sentinel_master_') && l.includes(`"${address}"`))) {
            theirsMs = performance.now() - t0;
          }
        }
      }
      ours.push(oursMs ?? NaN);
      theirs.push(theirsMs ?? NaN);
      console.log(`failover ${i + 1}: ours ${oursMs?.toFixed(1)} ms, redis_exporter ${theirsMs?.toFixed(1)} ms`);
    }
  } finally {
    await feature.stop();
    await harness.close();
    await anchor.stop();
    releasePort(anchorPort);
    removeDir(anchorDir);
    await topo.stop();
  }
  const notes = `${FAILOVERS} SENTINEL FAILOVERs, 1 master + 2 replicas + 3 Sentinels on loopback; polled /metrics back to back`;
  const anchorName = 'redis_exporter 1.45 polling a Sentinel, same failovers';
  return [
    row(
      'failover: +switch-master -> new master in /metrics (median)',
      median(ours),
      'ms',
      {
        name: `${anchorName} (median)`,
        value: median(theirs),
      },
      notes,
    ),
    row(
      'failover: +switch-master -> new master in /metrics (max)',
      Math.max(...ours),
      'ms',
      {
        name: `${anchorName} (max)`,
        value: Math.max(...theirs),
      },
      notes,
    ),
  ];
}

const HOTKEY_REPS = 3;

function redisCliHotKeys(port: number, hot: string[]): number {
  const t0 = performance.now();
  const cli = runTool('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--hotkeys'], { timeoutMs: 120_000 });
  const ms = performance.now() - t0;
  if (cli.status !== 0 || !hot.every((k) => cli.stdout.includes(k))) {
    throw new Error(`redis-cli --hotkeys did not find the hot keys: ${cli.stdout.slice(-500)} ${cli.stderr}`);
  }
  return ms;
}

async function timeToTopKeys(port: number, hotkeys: FeatureContext['hotkeys'], hot: string[]): Promise<number> {
  const harness = await startHarness({ redis: { host: '127.0.0.1', port }, hotkeys });
  const feature = createServerHotKeysFeature();
  const labels = hot.map((k) => renderKey(k, harness.ctx.redaction).label);
  try {
    const start = performance.now();
    await feature.start(harness.ctx);
    await waitFor(
      'the 10 hot keys in /metrics',
      async () => {
        const text = await harness.metrics();
        return labels.every((key) => (sample(text, 'redis_hotkey_lfu_frequency', { key }) ?? 0) > 5);
      },
      { timeoutMs: 120_000, intervalMs: 20 },
    );
    return performance.now() - start;
  } finally {
    await feature.stop();
    await harness.close();
  }
}

async function hotKeyScan(): Promise<BenchRow[]> {
  const keys = 100_000;
  const redis = await startRedis({ maxmemoryPolicy: 'allkeys-lfu' });
  const rows: BenchRow[] = [];
  try {
    await redis.command('DEBUG', 'POPULATE', String(keys), 'key', '8');
    const hot = Array.from({ length: 10 }, (_, i) => `key:${(i * 9_973) % keys}`);
    const client = redis.client();
    for (const key of hot) {
      const pipeline = client.pipeline();
      for (let i = 0; i < 1_000; i++) pipeline.get(key);
      await pipeline.exec();
    }
    client.disconnect();

    const settings = [
      { label: 'full speed', hotkeys: { enabled: true, topN: 10, intervalMs: 0, scanCount: 1000, maxCycleMs: 1000 } },
      { label: 'background', hotkeys: { enabled: true, topN: 10, intervalMs: 1000, scanCount: 1000, maxCycleMs: 100 } },
    ];
    const cliMs: number[] = [];
    const oursMs: number[][] = settings.map(() => []);
    // Interleaved repetitions, so load from anything else on the machine hits both sides alike.
    for (let rep = 0; rep < HOTKEY_REPS; rep++) {
      cliMs.push(redisCliHotKeys(redis.port, hot));
      for (const [index, { hotkeys }] of settings.entries()) {
        oursMs[index].push(await timeToTopKeys(redis.port, hotkeys, hot));
      }
    }
    settings.forEach(({ label, hotkeys }, index) => {
      console.log(
        `${label}: ${oursMs[index].map((ms) => ms.toFixed(0)).join(', ')} ms; redis-cli: ${cliMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
      );
      rows.push(
        row(
          `hotkeys: find top 10 of ${keys / 1000}k keys (${label}: scanCount ${hotkeys.scanCount}, maxCycleMs ${hotkeys.maxCycleMs}, intervalMs ${hotkeys.intervalMs}), median`,
          median(oursMs[index]),
          'ms',
          { name: 'redis-cli --hotkeys (same keyspace, same run), median', value: median(cliMs) },
          `median of ${HOTKEY_REPS} interleaved runs; time from feature start to all 10 in /metrics, polled every 20 ms`,
        ),
      );
    });
  } finally {
    await redis.stop();
  }
  return rows;
}

async function main() {
  const rows = [...(process.env.SKIP_FAILOVER ? [] : await failoverLatency()), ...(await hotKeyScan())];
  recordRows(rows);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
