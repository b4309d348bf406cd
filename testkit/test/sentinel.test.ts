import { startSentinelTopology, info, pairsToRecord, type SentinelTopology } from '../src';

describe('Sentinel topology', () => {
  let topology: SentinelTopology;
  beforeAll(async () => {
    topology = await startSentinelTopology({ replicas: 2, sentinels: 3, downAfterMs: 1000, failoverTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await topology?.stop();
  });

  it('is fully formed when it resolves', async () => {
    expect(topology.nodes).toHaveLength(3);
    expect(topology.sentinels).toHaveLength(3);
    const master = await topology.master();
    expect((await info(master, 'replication')).connected_slaves).toBe('2');
    const client = topology.sentinels[0].client();
    const record = pairsToRecord(await client.call('SENTINEL', 'MASTER', topology.masterName));
    client.disconnect();
    expect(record['num-other-sentinels']).toBe('2');
    expect(record['num-slaves']).toBe('2');
  });

  it('fails over after SIGKILL of the master and Sentinel names the new master', async () => {
    const result = await topology.failover('kill');
    expect(result.newMaster.port).not.toBe(result.oldMaster.port);
    const current = await topology.currentMasterAddress();
    expect(current).toEqual(result.newMaster);
    const promoted = topology.nodeByPort(current.port)!;
    expect((await info(promoted, 'replication')).role).toBe('master');
    expect(await promoted.command('SET', 'after-failover', '1')).toBe('OK');
  });

  it('brings the killed master back as a replica', async () => {
    const dead = topology.nodes.find((n) => !n.process.isRunning())!;
    await topology.revive(dead);
    expect((await info(dead, 'replication')).role).toBe('slave');
  });

  it('fails over on SENTINEL FAILOVER', async () => {
    const result = await topology.failover('sentinel');
    expect(result.newMaster.port).not.toBe(result.oldMaster.port);
    expect(await topology.currentMasterAddress()).toEqual(result.newMaster);
  });

  it('fails over when the master hangs (SIGSTOP) and takes the hung node back after SIGCONT', async () => {
    const result = await topology.failover('hang');
    expect(result.newMaster.port).not.toBe(result.oldMaster.port);
    const hung = topology.nodeByPort(result.oldMaster.port)!;
    expect(hung.process.isRunning()).toBe(true);
    await topology.revive(hung);
    expect((await info(hung, 'replication')).role).toBe('slave');
  });
});
