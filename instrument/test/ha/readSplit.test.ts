// Read/write split against a real master + 2 replicas + 3 Sentinels: reads go to a replica, writes to the master,
// and reads keep working when the replica in use dies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { info, startSentinelTopology, waitFor, type RedisServer, type SentinelTopology } from '@redis-lens/testkit';
import { createRedisClient, type HaClient } from '../../src/ha';
import { createMetricsProbe, type MetricsProbe } from './metricReader';

const PASSWORD = 'split-test-password';

async function getCalls(node: RedisServer): Promise<number> {
  const stats = await info(node, 'commandstats');
  return Number(/calls=(\d+)/.exec(stats.cmdstat_get ?? '')?.[1] ?? 0);
}

describe('HA client read/write split', () => {
  let topology: SentinelTopology;
  let client: HaClient;
  let probe: MetricsProbe;
  let secretDir: string | undefined;

  beforeAll(async () => {
    // Data nodes require a password (read by the client from a file, as from a mounted secret).
    topology = await startSentinelTopology({
      replicas: 2,
      sentinels: 3,
      downAfterMs: 1_000,
      redis: { password: PASSWORD },
    });
    secretDir = mkdtempSync(join(tmpdir(), 'ha-split-'));
    writeFileSync(join(secretDir, 'redis-password'), `${PASSWORD}\n`, { mode: 0o600 });
    probe = createMetricsProbe();
    client = createRedisClient({
      sentinels: topology.sentinels.map(({ host, port }) => ({ host, port })),
      name: topology.masterName,
      readFrom: 'replica',
      passwordFile: join(secretDir, 'redis-password'),
      meter: probe.provider.getMeter('ha-split-test'),
    });
    client.on('error', () => undefined);
    await waitFor('replica connection', async () => client.replica?.status === 'ready');
    await client.hset('split:hash', { a: '1', b: '2' });
    await client.set('split:key', 'value');
    expect(await client.wait(2, 5_000)).toBe(2);
  });

  afterAll(async () => {
    client?.disconnect();
    await probe?.provider.shutdown();
    await topology?.stop();
    if (secretDir) rmSync(secretDir, { recursive: true, force: true });
  });

  const resetStats = async () =>
    Promise.all(topology.nodes.map((n) => n.process.isRunning() && n.command('CONFIG', 'RESETSTAT')));

  it('sends reads to a replica and writes to the master, with replies shaped as usual', async () => {
    await resetStats();
    for (let i = 0; i < 50; i++) expect(await client.get('split:key')).toBe('value');
    expect(await client.hgetall('split:hash')).toEqual({ a: '1', b: '2' });
    expect(await client.getBuffer('split:key')).toEqual(Buffer.from('value'));

    const master = await topology.master();
    const replicas = await topology.replicas();
    expect(await getCalls(master)).toBe(0);
    expect((await Promise.all(replicas.map(getCalls))).reduce((a, b) => a + b, 0)).toBe(51);
    expect(await client.set('split:write', '1')).toBe('OK');
    expect(await probe.sum('db.client.connection.count', { 'redislens.role': 'replica' })).toBe(1);
  });

  it('keeps reads on the master inside WATCH and pipelines, and back on the replica after EXEC', async () => {
    await resetStats();
    await client.watch('split:key');
    await client.get('split:key'); // read-check-write: must see the master's value
    await client.multi().set('split:key', 'value').exec(); // EXEC ends the WATCH
    await client.pipeline().get('split:key').exec();
    const master = await topology.master();
    expect(await getCalls(master)).toBe(2);
    expect(await client.get('split:key')).toBe('value');
    expect(await getCalls(master)).toBe(2);
  });

  it('keeps reading when the replica in use dies, then reads from the other replica', async () => {
    const inUse = topology.nodeByPort(client.replica!.stream.remotePort!)!;
    inUse.process.signal('SIGKILL');
    for (let i = 0; i < 200; i++) expect(await client.get('split:key')).toBe('value');
    const survivor = (await topology.replicas()).find((n) => n !== inUse && n.process.isRunning())!;
    await waitFor('replica connection to the surviving replica', async () => {
      return client.replica?.status === 'ready' && client.replica.stream.remotePort === survivor.port;
    });
    const before = await getCalls(survivor);
    for (let i = 0; i < 20; i++) expect(await client.get('split:key')).toBe('value');
    expect((await getCalls(survivor)) - before).toBe(20);
    expect(await probe.sum('redislens.client.reconnects', { 'redislens.role': 'replica' })).toBeGreaterThan(0);
  });
});
