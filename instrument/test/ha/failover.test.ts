// Chaos: a real master + 2 replicas + 3 Sentinels; the HA client keeps writing through SENTINEL FAILOVER,
// SIGKILL and SIGSTOP of the master.
import { info, startSentinelTopology, waitFor, type FailoverMode, type SentinelTopology } from '@redis-lens/testkit';
import { createRedisClient, type HaClient } from '../../src/ha';
import { createMetricsProbe, type MetricsProbe } from './metricReader';
import { startWriteLoad } from './writeLoad';

const COMMAND_TIMEOUT_MS = 1_000;

describe('HA client under master failover', () => {
  let topology: SentinelTopology;
  let client: HaClient;
  let probe: MetricsProbe;
  let failoversSoFar = 0;
  const connectionErrors: string[] = [];
  // A second client that never hears +switch-master: only its timeout check can move it off a hung master.
  let deafClient: HaClient;
  let deafProbe: MetricsProbe;

  beforeAll(async () => {
    topology = await startSentinelTopology({ replicas: 2, sentinels: 3, downAfterMs: 1_000, failoverTimeoutMs: 2_000 });
    probe = createMetricsProbe();
    client = createRedisClient({
      sentinels: topology.sentinels.map(({ host, port }) => ({ host, port })),
      name: topology.masterName,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      meter: probe.provider.getMeter('ha-failover-test'),
    });
    // Connection errors during a failover are expected; an app logs them the same way.
    client.on('error', (error: Error) => connectionErrors.push(error.message));
    await client.failoverWatchReady;
    await client.ping();
    deafProbe = createMetricsProbe();
    deafClient = createRedisClient({
      sentinels: topology.sentinels.map(({ host, port }) => ({ host, port })),
      name: topology.masterName,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      watchFailover: false,
      meter: deafProbe.provider.getMeter('ha-failover-test-deaf'),
    });
    deafClient.on('error', () => undefined);
  });

  afterAll(async () => {
    client?.disconnect();
    deafClient?.disconnect();
    await probe?.provider.shutdown();
    await deafProbe?.provider.shutdown();
    await topology?.stop();
  });

  it.each<[FailoverMode]>([['sentinel'], ['kill'], ['hang']])(
    'keeps every acknowledged write and resumes writing after a %s failover',
    async (mode) => {
      // Killed old masters stay down (reviving takes Sentinel ~10 s), and a demoted one follows the new master once
      // Sentinel reconfigures it: WAIT for exactly the replicas that follow the master, so each holds every
      // confirmed write whichever of them Sentinel promotes.
      const master = await topology.master();
      const replicas = topology.nodes.filter((n) => n !== master && n.process.isRunning());
      await waitFor(
        'replicas to follow the current master',
        async () => {
          for (const node of replicas) {
            const repl = await info(node, 'replication');
            if (repl.role !== 'slave' || Number(repl.master_port) !== master.port || repl.master_link_status !== 'up')
              return false;
          }
          return true;
        },
        { timeoutMs: 30_000 },
      );
      // On a hang, a second client that never hears +switch-master writes too: only its timeout check
      // (consecutive timeouts -> ask Sentinel) can move it off the hung master.
      const deaf = mode === 'hang';
      if (deaf) {
        await waitFor('deaf client on the current master', async () => {
          if (deafClient.status === 'ready' && deafClient.stream.remotePort !== master.port)
            deafClient.disconnect(true);
          return (await deafClient.ping()) === 'PONG' && deafClient.stream.remotePort === master.port;
        });
      }
      const load = startWriteLoad(client, { prefix: `ha:${mode}`, replicas: replicas.length, maxMs: 60_000 });
      const deafLoad = deaf ? startWriteLoad(deafClient, { prefix: 'ha:deaf', replicas: 0, maxMs: 60_000 }) : undefined;
      try {
        await waitFor('writes before the fault', async () => load.acknowledged.length >= 20, { timeoutMs: 10_000 });
        const { newMaster } = await topology.failover(mode);
        const switchedAt = Date.now();
        await waitFor('writes on the new master', async () => load.successesSince(switchedAt) >= 10, {
          timeoutMs: 30_000,
        });
        await load.stop();
        if (deafLoad) {
          await waitFor('deaf client writing again', async () => deafLoad.successesSince(switchedAt) >= 10, {
            timeoutMs: 30_000,
          });
          await deafLoad.stop();
          expect(deafClient.stream.remotePort).toBe(newMaster.port);
          expect(deafLoad.maxDurationMs()).toBeLessThan(COMMAND_TIMEOUT_MS * 2 + 5_000);
          expect(await deafProbe.sum('redislens.client.failovers')).toBe(1);
          expect(await deafProbe.histogramCount('redislens.client.failover.recovery')).toBe(1);
        }

        // Writes resumed on the node Sentinel promoted.
        expect(client.stream.remotePort).toBe(newMaster.port);
        const promoted = topology.nodeByPort(newMaster.port)!;
        const lastKey = load.acknowledged.at(-1) ?? load.masterOnly.at(-1)!;
        expect(await promoted.command('EXISTS', lastKey)).toBe(1);

        // Every write confirmed by WAIT is readable from the new master.
        const missing: string[] = [];
        for (let i = 0; i < load.acknowledged.length; i += 500) {
          const keys = load.acknowledged.slice(i, i + 500);
          const values = await client.mget(...keys);
          values.forEach((v, j) => v === null && missing.push(keys[j]));
        }
        expect(missing).toEqual([]);

        // No command outlived its timeout (generous slack for a loaded CI machine; not a speed assertion).
        expect(load.maxDurationMs()).toBeLessThan(COMMAND_TIMEOUT_MS * 2 + 5_000);

        // Telemetry saw the failover and the recovery.
        failoversSoFar++;
        await waitFor('failover telemetry', async () => {
          const seen = await probe.sum('redislens.client.failovers', { master_name: topology.masterName });
          const recovered = await probe.histogramCount('redislens.client.failover.recovery');
          return seen === failoversSoFar && recovered === failoversSoFar;
        });
        if (mode === 'hang') {
          // Writes stuck on the hung master failed with the command timeout rather than waiting for the failover.
          expect(await probe.sum('redislens.client.command.errors', { 'error.type': 'timeout' })).toBeGreaterThan(0);
        }
        expect(
          await probe.sum('db.client.connection.count', {
            'redislens.role': 'master',
            'db.client.connection.state': 'idle',
          }),
        ).toBe(1);
      } finally {
        await load.stop();
        await deafLoad?.stop();
      }
    },
  );
});
