import Redis from 'ioredis';
import { info, pairsToRecord, startSentinelTopology, waitFor, type SentinelTopology } from '../src';

describe('Sentinel topology over TLS', () => {
  let topology: SentinelTopology;
  beforeAll(async () => {
    topology = await startSentinelTopology({ replicas: 1, sentinels: 3, tls: { requireClientCert: true } });
  });
  afterAll(async () => {
    await topology?.stop();
  });

  it('runs every data node and Sentinel on TLS only, with one CA', async () => {
    expect(topology.tls).toBe(true);
    expect(topology.sentinels.every((s) => s.tls)).toBe(true);
    expect(topology.nodes.every((n) => n.tls && n.certificates === topology.certificates)).toBe(true);
    // A client speaking plain RESP to the TLS port gets no answer.
    const plain = new Redis({
      host: '127.0.0.1',
      port: topology.sentinels[0].port,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      commandTimeout: 2_000,
    });
    plain.on('error', () => undefined);
    await expect(plain.connect().then(() => plain.ping())).rejects.toThrow();
    plain.disconnect();
  });

  it('Sentinels found the replica and each other through the TLS ports', async () => {
    const client = topology.sentinels[0].client();
    try {
      const replicas = (await client.call('SENTINEL', 'REPLICAS', topology.masterName)) as unknown[];
      const others = (await client.call('SENTINEL', 'SENTINELS', topology.masterName)) as unknown[];
      const replicaPorts = replicas.map((r) => Number(pairsToRecord(r).port));
      const sentinelPorts = others.map((r) => Number(pairsToRecord(r).port)).sort((a, b) => a - b);
      expect(replicaPorts).toEqual([(await topology.replicas())[0].port]);
      expect(sentinelPorts).toEqual(
        topology.sentinels
          .slice(1)
          .map((s) => s.port)
          .sort((a, b) => a - b),
      );
    } finally {
      client.disconnect();
    }
  });

  it('fails over on SENTINEL FAILOVER, and the new master serves and replicates over TLS', async () => {
    const result = await topology.failover('sentinel');
    expect(result.newMaster.port).not.toBe(result.oldMaster.port);
    const promoted = topology.nodeByPort(result.newMaster.port)!;
    expect((await info(promoted, 'replication')).role).toBe('master');
    expect(await promoted.command('SET', 'after-tls-failover', '1')).toBe('OK');
    const demoted = topology.nodeByPort(result.oldMaster.port)!;
    await topology.settle();
    await waitFor(
      'the old master to replicate from the new one',
      async () => (await demoted.command('GET', 'after-tls-failover')) === '1',
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  });
});
