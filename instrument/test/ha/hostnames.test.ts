// The HA client against real clusters whose nodes announce a hostname as their preferred endpoint
// (`cluster-announce-hostname` + `cluster-preferred-endpoint-type hostname`, as managed services and Kubernetes run
// them): ioredis reads the slot map from CLUSTER SLOTS, which then names nodes by hostname, so every node connection
// is dialled by name (`localhost` here: only loopback works on the test machines).
import { ANNOUNCED_HOSTNAME, startRedisCluster, waitFor, type RedisCluster } from '@redis-lens/testkit';
import { readFileSync } from 'node:fs';
import { createRedisClient, type HaClusterClient } from '../../src/ha';
import { createMetricsProbe, type MetricsProbe } from './metricReader';

/** Every slot-map entry (master and replicas) is a `hostname:port` key. */
/** Every slot of the client's map has a master and `replicas` replicas. */
const everySlotHas = (client: HaClusterClient, replicas: number) =>
  client.slots.length === 16384 && client.slots.every((keys) => keys?.length === 1 + replicas);

function slotMapHosts(client: HaClusterClient): Set<string> {
  return new Set(client.slots.flatMap((keys) => (keys ?? []).map((key) => key.slice(0, key.lastIndexOf(':')))));
}

describe('HA cluster client on a hostname cluster (real 3 × 1)', () => {
  let cluster: RedisCluster;
  let client: HaClusterClient;
  let probe: MetricsProbe;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, announceHostnames: true });
    probe = createMetricsProbe();
    client = createRedisClient({
      cluster: [{ host: ANNOUNCED_HOSTNAME, port: cluster.seed.port }],
      commandTimeoutMs: 2_000,
      meter: probe.provider.getMeter('ha-hostnames-test'),
    });
    client.on('error', () => undefined);
    // Redis 7.0 leaves a replica out of CLUSTER SLOTS until it has a replication offset; a write per shard gives it
    // one. The failover test needs each master's replica in the client's map (that is how a failover is told
    // from a migration).
    await waitFor(
      'the slot map to list every master and its replica',
      async () => {
        for (const key of ['warmup:a', 'warmup:b', 'warmup:c', 'warmup:d', 'warmup:e']) await client.set(key, '1');
        await new Promise((resolve) => client.refreshSlotsCache(resolve));
        return everySlotHas(client, 1);
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
  });
  afterAll(async () => {
    client?.disconnect();
    await probe?.provider.shutdown();
    await cluster?.stop();
  });

  it('reads a slot map of hostnames and sends commands to every master', async () => {
    expect(slotMapHosts(client)).toEqual(new Set([ANNOUNCED_HOSTNAME]));
    const keys = ['hn:a', 'hn:b', 'hn:c', 'hn:d', 'hn:e', 'hn:f'];
    for (const key of keys) await client.set(key, key);
    for (const key of keys) expect(await client.get(key)).toBe(key);
    expect(client.nodes('master')).toHaveLength(3);
    for (const node of client.nodes('all')) expect(node.options.host).toBe(ANNOUNCED_HOSTNAME);
  });

  it('follows a slot move and a failover under hostnames, and counts the failover', async () => {
    const key = 'hn:moving';
    await client.set(key, 'v1');
    const slot = Number(await cluster.nodes[0].command('CLUSTER', 'KEYSLOT', key));
    const from = await cluster.masterOfSlot(slot);
    const to = (await cluster.masters()).find((m) => m !== from)!;
    await cluster.migrateSlots(from, to, [slot]);
    // MOVED names the new owner by hostname; the client follows it and reads the new map.
    expect(await client.get(key)).toBe('v1');
    await client.set(key, 'v2');
    expect(client.slots[slot]?.[0]).toBe(`${ANNOUNCED_HOSTNAME}:${to.port}`);

    const [replica] = await cluster.replicasOf(to);
    await cluster.manualFailover(replica);
    // Commands keep going through; the failover is seen once the client re-reads the slot map.
    await waitFor(
      'the client to count the failover',
      async () => {
        await client.set(key, 'v3');
        return (await probe.sum('redislens.client.failovers', { topology: 'cluster' })) >= 1;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(client.slots[slot]?.[0]).toBe(`${ANNOUNCED_HOSTNAME}:${replica.port}`);
    expect(await client.get(key)).toBe('v3');
  });
});

describe('HA cluster client on a TLS-only, password-protected hostname cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({
      masters: 3,
      replicasPerMaster: 0,
      announceHostnames: true,
      tls: true,
      password: 'hn-secret',
    });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('verifies each node by the name it announces (no servername given) and authenticates', async () => {
    // Only the CA: Node checks each node's certificate against the host dialled, which is the announced name.
    const tls = { ca: readFileSync(cluster.certificates!.caCert) };
    const client = createRedisClient({
      cluster: [{ host: ANNOUNCED_HOSTNAME, port: cluster.seed.port }],
      password: 'hn-secret',
      tls,
    });
    client.on('error', () => undefined);
    try {
      for (const key of ['tlshn:a', 'tlshn:b', 'tlshn:c', 'tlshn:d']) await client.set(key, key);
      expect(await client.get('tlshn:d')).toBe('tlshn:d');
      expect(client.nodes('master')).toHaveLength(3);
      expect(slotMapHosts(client)).toEqual(new Set([ANNOUNCED_HOSTNAME]));
    } finally {
      client.disconnect();
    }
  });
});
