import { buildClusters, slotRanges, SLOT_COUNT } from './cluster';
import { clusterInput } from './fleetFixtures';

describe('slotRanges', () => {
  it('gives ranges when the shards tile every slot end to end', () => {
    const ranges = slotRanges([
      { id: '5461', slots: 5461 },
      { id: '0', slots: 5461 },
      { id: '10922', slots: SLOT_COUNT - 10922 },
      { id: 'none-1a2b3c4d', slots: 0 },
    ]);
    expect(Object.fromEntries(ranges)).toEqual({ '0': '0-5460', '5461': '5461-10921', '10922': '10922-16383' });
  });

  it('claims no range when the layout does not prove contiguous slots', () => {
    // 0 + 5000 ≠ 5461: shard 0 owns slots above 5461 too (after a partial reshard), so no range is exact.
    expect(
      slotRanges([
        { id: '0', slots: 5000 },
        { id: '5461', slots: 11384 },
      ]).size
    ).toBe(0);
    // Uncovered slots at the end.
    expect(slotRanges([{ id: '0', slots: 100 }]).size).toBe(0);
  });
});

describe('buildClusters', () => {
  it('reads shards as master → replicas with slots, health and the failover history', () => {
    const [cluster] = buildClusters(
      clusterInput([{ job: 'orders', masters: 3, replicasPerMaster: 1, failedOverShard: 1 }]),
      60_000
    );
    expect(cluster).toMatchObject({
      name: 'orders',
      exporter: 'exporter-0:9121',
      state: 'ok',
      slotsOk: SLOT_COUNT,
      nodes: 6,
    });
    expect(
      cluster.shards.map((s) => [s.id, s.slotRange, s.master?.address, s.replicas.length, s.healthyReplicas])
    ).toEqual([
      ['0', '0-5460', '10.0.0.1:7000', 1, 1],
      ['5461', '5461-10921', '10.0.0.1:7003', 0, 0],
      ['10922', '10922-16383', '10.0.0.1:7004', 1, 1],
      ['none-00000000', undefined, '10.0.0.1:7002', 0, 0],
    ]);
    expect(cluster.shards[3].master?.health).toBe('fail');
    expect(cluster.shards[1].failovers).toEqual([
      expect.objectContaining({
        masterName: '5461',
        fromAddress: '10.0.0.1:7002',
        toAddress: '10.0.0.1:7003',
        durationSeconds: 6.5,
      }),
    ]);
    expect(cluster.shards[0].failovers).toEqual([]);
  });

  it("shows the first failover's duration although the histogram's series appears with it", () => {
    const input = clusterInput([{ job: 'orders', masters: 3, replicasPerMaster: 1, failedOverShard: 0 }]);
    const appearing = (s: (typeof input.durationSum)[0]) => ({ ...s, points: s.points.slice(3) });
    input.durationSum = input.durationSum.map(appearing);
    input.durationCount = input.durationCount.map(appearing);
    const [cluster] = buildClusters(input, 60_000);
    expect(cluster.shards[0].failovers[0].durationSeconds).toBe(6.5);
  });

  it('keeps clusters apart by exporter and reads state fail', () => {
    const input = clusterInput([
      { job: 'a', masters: 3, replicasPerMaster: 1 },
      { job: 'b', masters: 4, replicasPerMaster: 2 },
    ]);
    input.state[1] = { ...input.state[1], points: [[1, 0]] };
    const clusters = buildClusters(input, 60_000);
    expect(clusters.map((c) => [c.name, c.state, c.shards.length, c.nodes])).toEqual([
      ['a', 'ok', 3, 6],
      ['b', 'fail', 4, 12],
    ]);
  });

  it('with the seed node down, reads state and slots from the nodes scraped through /scrape', () => {
    const input = clusterInput([{ job: 'orders', masters: 3, replicasPerMaster: 1 }]);
    const node = (port: number, value: number) => ({
      labels: { job: 'orders-nodes', instance: `redis://10.0.0.1:${port}`, shard: '0', role: 'master' },
      points: [[1, value]] as Array<[number, number]>,
    });
    const elsewhere = {
      labels: { job: 'other', instance: 'redis://10.9.9.9:7000' },
      points: [[1, 0]] as Array<[number, number]>,
    };
    // The exporter's own series went away with its seed; a node outside this cluster must not count.
    Object.assign(input, {
      state: [node(7000, 1), node(7002, 0), elsewhere],
      slotsOk: [node(7000, 16384), node(7002, 10923)],
      slotsPfail: [node(7000, 0), node(7002, 5461)],
      slotsFail: [],
    });
    const [cluster] = buildClusters(input, 60_000);
    expect(cluster).toMatchObject({ state: 'fail', slotsOk: 10923, slotsPfail: 5461, slotsFail: undefined });
  });

  it('survives hostile or missing labels', () => {
    const clusters = buildClusters({ ...clusterInput([]), nodeInfo: [{ labels: {}, points: [[1, 1]] }] }, 60_000);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].state).toBe('unknown');
  });
});
