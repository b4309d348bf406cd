import { buildClusters } from './cluster';
import { buildFleet, filterFleet, fleetCounts } from './fleet';
import { clusterInput, sentinelGroups } from './fleetFixtures';

const fleet = () =>
  buildFleet(
    sentinelGroups(12, 2, ['group-07']),
    buildClusters(
      clusterInput([
        { job: 'orders', masters: 3, replicasPerMaster: 1, failedOverShard: 2 },
        { job: 'sessions', masters: 6, replicasPerMaster: 1 },
      ]),
      60_000
    ),
    10
  );

describe('fleet', () => {
  it('counts groups, shards and nodes of a fleet of 14 groups and 54 nodes', () => {
    expect(fleetCounts(fleet())).toEqual({
      groups: 14,
      sentinelGroups: 12,
      clusters: 2,
      shards: 3 + 6,
      nodes: 12 * 3 + 6 + 12,
      withProblems: 2,
    });
  });

  it('lists groups with problems first, saying what is wrong', () => {
    const groups = fleet();
    expect(groups.slice(0, 2).map((g) => [g.name, g.problems])).toEqual([
      ['group-07', ['replica 10.1.7.2:6379 lags 120s']],
      ['orders', ['1 node not online', 'shard 10922 has no healthy replica']],
    ]);
    expect(groups.find((g) => g.name === 'orders')?.failovers).toBe(1);
  });

  it('filters by text over names, addresses and shard ids, by kind and by problems', () => {
    const groups = fleet();
    const names = (f: Partial<Parameters<typeof filterFleet>[1]>) =>
      filterFleet(groups, { search: '', kind: 'all', problemsOnly: false, ...f }).map((g) => g.name);
    expect(names({ search: 'GROUP-1' })).toEqual(['group-10', 'group-11']);
    expect(names({ search: '10.1.3.3:6379' })).toEqual(['group-03']);
    expect(names({ search: 'shard 2730' })).toEqual(['sessions']);
    expect(names({ kind: 'cluster' })).toEqual(['orders', 'sessions']);
    expect(names({ problemsOnly: true })).toEqual(['group-07', 'orders']);
    expect(names({ search: 'nothing-like-this' })).toEqual([]);
  });
});
