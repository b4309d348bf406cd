import { readFileSync } from 'node:fs';
import { parseClusterNodes, parseInfo, slotsOf, startRedisCluster, waitFor, type RedisCluster } from '../src';

const NODES_LINE =
  'e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@40001 myself,master - 0 0 1 connected 0-5460 ' +
  '[5461-<-292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f] [100->-a1b2c3d4e5f60718293a4b5c6d7e8f9012345678]';
const REPLICA_LINE =
  '292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30004@40004,host.example slave,fail? ' +
  'e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 1700000000000 1700000000000 1 disconnected';

describe('parseClusterNodes', () => {
  it('reads addresses, flags, roles, slot ranges and pending migrations', () => {
    const [master, replica] = parseClusterNodes(`${NODES_LINE}\n${REPLICA_LINE}\n`);
    expect(master).toMatchObject({ port: 30001, busPort: 40001, myself: true, role: 'master', masterId: null });
    expect(master.slots).toEqual([[0, 5460]]);
    expect(master.importing).toEqual([{ slot: 5461, nodeId: '292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f' }]);
    expect(master.migrating).toEqual([{ slot: 100, nodeId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' }]);
    expect(replica).toMatchObject({ host: '127.0.0.1', port: 30004, role: 'replica', linkState: 'disconnected' });
    expect(replica.flags).toContain('fail?');
    expect(
      slotsOf({
        slots: [
          [5, 6],
          [1, 2],
        ],
      }),
    ).toEqual([1, 2, 5, 6]);
  });
});

describe('startRedisCluster (3 masters × 1 replica)', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('every node reports cluster_state:ok and knows all six nodes; roles read live', async () => {
    expect(cluster.nodes).toHaveLength(6);
    for (const node of cluster.nodes) {
      const ci = parseInfo(String(await node.command('CLUSTER', 'INFO')));
      expect(ci.cluster_state).toBe('ok');
      expect(ci.cluster_known_nodes).toBe('6');
      expect(node.nodeId).toMatch(/^[0-9a-f]{40}$/);
    }
    const masters = await cluster.masters();
    expect(masters).toHaveLength(3);
    expect(await masters[0].role()).toBe('master');
    expect(await cluster.replicas()).toHaveLength(3);
    expect(cluster.seed).toEqual({ host: '127.0.0.1', port: cluster.nodes[0].port });
  });

  it('a slot migration is observable half-way (ASK) and completes (MOVED)', async () => {
    const client = cluster.client();
    try {
      const key = 'migrating-key';
      const slot = Number(await cluster.nodes[0].command('CLUSTER', 'KEYSLOT', key));
      const from = await cluster.masterOfSlot(slot);
      const to = (await cluster.masters()).find((m) => m !== from)!;
      await client.set(key, 'v1');
      const migration = await cluster.startSlotMigration(from, to, [slot]);
      const view = parseClusterNodes(String(await from.command('CLUSTER', 'NODES'))).find((n) => n.myself)!;
      expect(view.migrating).toEqual([{ slot, nodeId: to.nodeId }]);
      expect(await migration.moveKeys()).toBe(1);
      // The key now lives on the target: the source answers ASK; the cluster client follows it.
      await expect(from.command('GET', key)).rejects.toThrow(/ASK/);
      expect(await client.get(key)).toBe('v1');
      await migration.finish();
      expect((await cluster.masterOfSlot(slot)).nodeId).toBe(to.nodeId);
      await expect(from.command('GET', key)).rejects.toThrow(/MOVED/);
      expect(await client.get(key)).toBe('v1');
    } finally {
      client.disconnect();
    }
  });

  it('SIGKILL of a master promotes its replica; the killed node rejoins as a replica', async () => {
    const victim = (await cluster.masters())[1];
    const [replica] = await cluster.replicasOf(victim);
    const killed = await cluster.killMaster(1);
    expect(killed).toBe(victim);
    expect(killed.isRunning()).toBe(false);
    const promoted = await cluster.waitForFailover(killed);
    expect(promoted).toBe(replica);
    expect(await promoted.role()).toBe('master');
    await cluster.reviveNode(killed);
    expect(await killed.role()).toBe('replica');
  });

  it('CLUSTER FAILOVER on a replica, and add/remove a node', async () => {
    const master = (await cluster.masters())[0];
    const [replica] = await cluster.replicasOf(master);
    await cluster.manualFailover(replica);
    expect(await replica.role()).toBe('master');
    expect(await master.role()).toBe('replica');

    const added = await cluster.addNode({ replicaOf: replica });
    expect(await added.role()).toBe('replica');
    expect((await cluster.replicasOf(replica)).map((n) => n.port).sort()).toEqual([master.port, added.port].sort());
    await cluster.removeNode(added);
    expect(cluster.nodes).toHaveLength(6);
    const ci = parseInfo(String(await cluster.nodes[0].command('CLUSTER', 'INFO')));
    expect(ci.cluster_known_nodes).toBe('6');
  });

  it('SIGSTOP of a master is seen as a failure and SIGCONT brings it back', async () => {
    const master = (await cluster.masters())[2];
    await cluster.hangNode(master);
    expect(master.isHung()).toBe(true);
    await waitFor('the hung master to be flagged failing', async () =>
      (await cluster.topology()).some((n) => n.id === master.nodeId && n.flags.some((f) => f.startsWith('fail'))),
    );
    const promoted = await cluster.waitForFailover(master);
    expect(promoted).not.toBe(master);
    await cluster.reviveNode(master);
    expect(await master.role()).toBe('replica');
  });
});

describe('startRedisCluster with a password and an ACL user', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({
      masters: 3,
      replicasPerMaster: 0,
      password: 'cl-s3cret',
      aclUser: { username: 'lens', password: 'lens-pw' },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('needs the password, serves the ACL user, never puts the password in argv', async () => {
    const node = cluster.nodes[0];
    const anonymous = node.client({ password: undefined, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    anonymous.on('error', () => undefined);
    await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
    anonymous.disconnect();
    const client = cluster.client({ redisOptions: { username: 'lens', password: 'lens-pw' } });
    try {
      await client.set('pw-key', '1');
      expect(await client.get('pw-key')).toBe('1');
    } finally {
      client.disconnect();
    }
    for (const n of cluster.nodes) {
      expect(readFileSync(`/proc/${n.process.pid}/cmdline`, 'utf8')).not.toContain('cl-s3cret');
    }
    const [from, to] = await cluster.masters();
    expect(await cluster.migrateSlots(from, to, 2)).toHaveLength(2);
  });
});

describe('startRedisCluster over TLS', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0, tls: { requireClientCert: true } });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('serves a cluster client over TLS with client certificates', async () => {
    expect(cluster.tls).toBe(true);
    expect(cluster.nodes.every((n) => n.url().startsWith('rediss://'))).toBe(true);
    const client = cluster.client();
    try {
      for (let i = 0; i < 20; i++) await client.set(`tls-${i}`, String(i));
      expect(await client.get('tls-7')).toBe('7');
    } finally {
      client.disconnect();
    }
  });
});
