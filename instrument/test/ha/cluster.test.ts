// The HA client in Redis Cluster mode against a real 3 × 1 cluster: a master SIGKILL under a steady write load,
// MOVED/ASK redirects during a slot migration, and the library's spans on a cluster client.
import { startRedisCluster, waitFor, type RedisCluster } from '@redis-lens/testkit';
import type { ConnectionOptions } from 'node:tls';
import type Redis from 'ioredis';
import { createRedisClient, HaConfigError, type HaClusterClient } from '../../src/ha';
import { ShardWatch } from '../../src/ha/shardWatch';
import { instrumentIoredis } from '../../src/ioredis';
import { createHarness, settle } from '../otel-harness';
import { createMetricsProbe, type MetricsProbe } from './metricReader';
import { startWriteLoad } from './writeLoad';

const COMMAND_TIMEOUT_MS = 1_000;
// A correctness bound (no command waits past its timeout), with room for a loaded 2-core machine; not a benchmark.
const SLACK_MS = 1_000;

describe('cluster options', () => {
  const cluster = [{ host: '127.0.0.1', port: 7000 }];
  it.each([
    [{ cluster: [] }, 'cluster'],
    [{ cluster: [{ host: '', port: 1 }] }, 'cluster[0].host'],
    [{ cluster: [{ host: 'h', port: 0 }] }, 'cluster[0].port'],
    [{ cluster, sentinels: cluster, name: 'm' }, 'sentinels'],
    [{ cluster, host: 'h' }, 'host'],
    [{ cluster, db: 2 }, 'db'],
    [{ cluster, slotsRefreshTimeoutMs: 0 }, 'slotsRefreshTimeoutMs'],
    [{ host: 'h', slotsRefreshIntervalMs: 1000 }, 'slotsRefreshIntervalMs'],
    [{ cluster, watchFailover: false }, 'watchFailover'],
  ])('rejects %j naming %s', (input, setting) => {
    expect(() => createRedisClient(input as never)).toThrow(HaConfigError);
    expect(() => createRedisClient(input as never)).toThrow(setting);
  });
});

describe('ShardWatch (failover detection from slot maps)', () => {
  const range = (n: number, nodes: string[]) => Array.from({ length: n }, () => nodes);
  const map = (a: string[], b: string[]) => [...range(8192, a), ...range(8192, b)];

  it('counts a replica taking over once per shard, from the first failure to the first success', () => {
    let now = 1_000;
    const events: string[] = [];
    let owner: string | undefined;
    const watch = new ShardWatch(
      {
        failoverSeen: (a) => events.push(`failover ${a?.shard}`),
        recovered: (s, a) => events.push(`recovered ${a?.shard} ${s}`),
      },
      () => owner,
      () => now,
    );
    watch.slotMapRead(map(['a:1', 'ar:1'], ['b:1', 'br:1']));
    owner = 'b:1';
    watch.failed(9000);
    now = 3_000;
    // b's replica took over; a stale map from a node that has not heard yet, then the new map again.
    watch.slotMapRead(map(['a:1', 'ar:1'], ['br:1']));
    watch.slotMapRead(map(['a:1', 'ar:1'], ['b:1', 'br:1']));
    watch.slotMapRead(map(['a:1', 'ar:1'], ['br:1']));
    expect(events).toEqual(['failover 8192']);
    now = 3_500;
    owner = 'br:1';
    watch.succeeded(9000);
    expect(events).toEqual(['failover 8192', 'recovered 8192 2.5']);
    // A migration to another master is not a failover.
    watch.slotMapRead(map(['br:1'], ['br:1']));
    expect(events).toHaveLength(2);
    expect(watch.incidentOpen()).toBe(false);
  });
});

describe('HA cluster client (real 3 × 1 cluster)', () => {
  let cluster: RedisCluster;
  let client: HaClusterClient;
  let probe: MetricsProbe;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    probe = createMetricsProbe();
    client = createRedisClient({
      cluster: cluster.startupNodes(),
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      meter: probe.provider.getMeter('ha-cluster-test'),
    });
    client.on('error', () => undefined);
    await client.set('warmup', '1');
  });
  afterAll(async () => {
    client?.disconnect();
    await probe?.provider.shutdown();
    await cluster?.stop();
  });

  it('spans of the unchanged instrumentation name the node that answered', async () => {
    const otel = await createHarness();
    const instrumentation = instrumentIoredis({
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
    });
    try {
      const keys = ['span:a', 'span:b', 'span:c', 'span:d', 'span:e', 'span:f'];
      // Connections to every master first: a command queued while its node connection opens is traced when the
      // queue is flushed, outside the caller's context (ioredis behaviour, standalone clients alike).
      for (const key of keys) await client.set(key, '0');
      await otel.tracerProvider.getTracer('test').startActiveSpan('parent', async (span) => {
        for (const key of keys) await client.set(key, '1');
        span.end();
      });
      // Cluster#sendCommand hands the caller the command's own promise, not ioredis's traced wrapper, so the
      // last span may end a turn after the caller resumed.
      const spans = await waitFor('a span per SET', async () => {
        await settle();
        const done = otel.spans.getFinishedSpans().filter((s) => s.name === 'SET');
        return done.length === keys.length && done;
      });
      const ports = new Set<number>();
      for (const [i, key] of keys.entries()) {
        const slot = Number(await cluster.nodes[0].command('CLUSTER', 'KEYSLOT', key));
        const owner = await cluster.masterOfSlot(slot);
        expect(spans[i].attributes).toMatchObject({ 'server.address': '127.0.0.1', 'server.port': owner.port });
        ports.add(owner.port);
      }
      expect(ports.size).toBeGreaterThan(1);
    } finally {
      instrumentation.disable();
      await otel.shutdown();
    }
  });

  it('counts MOVED after a slot migration and ASK while it runs', async () => {
    const key = 'redirect:key';
    await client.set(key, 'v');
    const slot = Number(await cluster.nodes[0].command('CLUSTER', 'KEYSLOT', key));
    const from = await cluster.masterOfSlot(slot);
    const to = (await cluster.masters()).find((m) => m !== from)!;
    const migration = await cluster.startSlotMigration(from, to, [slot]);
    await migration.moveKeys();
    expect(await client.get(key)).toBe('v');
    expect(await probe.sum('redislens.client.cluster.redirects', { kind: 'ask' })).toBeGreaterThanOrEqual(1);
    await migration.finish();
    // The library's span for a redirected command: ioredis traces a command once, on its first write, so it names
    // the node that answered MOVED (docs/ha-client.md, "Cluster limits").
    const otel = await createHarness();
    const instrumentation = instrumentIoredis({
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
    });
    try {
      await otel.tracerProvider.getTracer('test').startActiveSpan('parent', async (span) => {
        expect(await client.get(key)).toBe('v');
        span.end();
      });
      const [get] = await waitFor('the GET span', async () => {
        await settle();
        const done = otel.spans.getFinishedSpans().filter((s) => s.name === 'GET');
        return done.length === 1 && done;
      });
      expect(get.attributes['server.port']).toBe(from.port);
    } finally {
      instrumentation.disable();
      await otel.shutdown();
    }
    expect(await probe.sum('redislens.client.cluster.redirects', { kind: 'moved' })).toBeGreaterThanOrEqual(1);
    expect(await probe.sum('redislens.client.cluster.slot_refreshes')).toBeGreaterThanOrEqual(1);
    expect(await probe.sum('redislens.client.failovers', { topology: 'cluster' })).toBe(0);
  });

  it.each([
    ['SIGKILL', 1],
    ['SIGSTOP', 2],
  ] as const)(
    'keeps every write acknowledged with WAIT through a master %s, counts the failover once',
    async (fault, nth) => {
      const load = startWriteLoad(client as unknown as Redis, {
        prefix: `cl:${fault}`,
        replicas: 1,
        waitTimeoutMs: 200,
        maxMs: 60_000,
      });
      try {
        await waitFor('writes before the fault', async () => load.acknowledged.length >= 30, { timeoutMs: 15_000 });
        // A master that still has a replica (the SIGKILLed one stays down, its shard has none left).
        const masters = await cluster.masters();
        const withReplica: typeof masters = [];
        for (const m of masters) if ((await cluster.replicasOf(m)).length) withReplica.push(m);
        const victim = withReplica[0];
        const shard = (await cluster.topology()).find((n) => n.id === victim.nodeId)!.slots[0][0];
        if (fault === 'SIGKILL') await cluster.killMaster(masters.indexOf(victim));
        else await cluster.hangNode(victim);
        const killedAt = Date.now();
        const promoted = await cluster.waitForFailover(victim);
        const promotedAt = Date.now();
        // Recovery is recorded at the first success on the promoted node; writes go on on every shard.
        await waitFor(
          'the failover in telemetry, with its recovery, and writes after it',
          async () => {
            const seen = await probe.sum('redislens.client.failovers', { topology: 'cluster' });
            const recovered = await probe.histogramCount('redislens.client.failover.recovery');
            return seen === nth && recovered === nth && load.successesSince(promotedAt) >= 10;
          },
          { timeoutMs: 30_000 },
        ).catch((error: Error) => {
          throw new Error(`${error.message}; errors: ${JSON.stringify([...load.errors])}`);
        });
        await load.stop();
        expect(load.successesSince(killedAt)).toBeGreaterThan(0);
        expect(await promoted.role()).toBe('master');

        // Every write a replica confirmed (WAIT 1) is readable, on the promoted node for the killed shard.
        const missing: string[] = [];
        for (let i = 0; i < load.acknowledged.length; i += 200) {
          const keys = load.acknowledged.slice(i, i + 200);
          const values = await Promise.all(keys.map((k) => client.get(k)));
          values.forEach((v, j) => v === null && missing.push(keys[j]));
        }
        expect(missing).toEqual([]);
        // No SET+WAIT round outlived the command timeout.
        expect(load.maxDurationMs()).toBeLessThanOrEqual(COMMAND_TIMEOUT_MS + SLACK_MS);
        // Commands that failed during the failover are counted with their error.type.
        expect(await probe.sum('redislens.client.command.errors')).toBeGreaterThan(0);
        const recoveries = (await probe.points('redislens.client.failover.recovery')) as unknown as {
          attributes: Record<string, unknown>;
        }[];
        expect(recoveries.map((r) => r.attributes)).toContainEqual(
          expect.objectContaining({ topology: 'cluster', shard: String(shard) }),
        );
        if (fault === 'SIGSTOP') {
          // Writes stuck on the hung master failed with the command timeout instead of waiting for the failover.
          expect(await probe.sum('redislens.client.command.errors', { 'error.type': 'timeout' })).toBeGreaterThan(0);
        }
      } finally {
        await load.stop();
      }
    },
  );
});

describe('HA cluster client with a password', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0, password: 'cl-pw' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('authenticates on every node through redisOptions', async () => {
    const client = createRedisClient({ cluster: [cluster.seed], password: 'cl-pw' });
    client.on('error', () => undefined);
    try {
      for (const key of ['pw:a', 'pw:b', 'pw:c', 'pw:d']) await client.set(key, key);
      expect(await client.get('pw:c')).toBe('pw:c');
      expect(client.nodes('master')).toHaveLength(3);
    } finally {
      client.disconnect();
    }
  });
});

describe('HA cluster client over TLS', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0, tls: { requireClientCert: true } });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reaches every node with the CA and client certificate given as tls', async () => {
    const tls = cluster.nodes[0].clientOptions().tls as ConnectionOptions;
    const client = createRedisClient({ cluster: [cluster.seed], tls });
    client.on('error', () => undefined);
    try {
      for (const key of ['tls:a', 'tls:b', 'tls:c', 'tls:d']) await client.set(key, key);
      expect(await client.get('tls:d')).toBe('tls:d');
      expect(client.nodes('master')).toHaveLength(3);
    } finally {
      client.disconnect();
    }
  });
});
