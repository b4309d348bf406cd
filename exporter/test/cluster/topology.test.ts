import { ClusterFailoverDetector } from '../../src/cluster/failover';
import {
  httpSdGroups,
  infoNumber,
  mergeViews,
  parseClusterInfo,
  parseClusterNodes,
  parseClusterShards,
  shardIdOf,
  type ClusterView,
} from '../../src/cluster/topology';

// Replies recorded from a real Redis 7.0.15 cluster (3 masters × 1 replica, started by hand with redis-cli --cluster create).
const A = 'b89ebc20987296504820054fe02fc3ef15737d6e'; // 17001, master 0-5460
const B = 'bdb2bf3329e1b32a4809614833de70a4223086a0'; // 17002, master 5461-10922
const C = '493061f2a66a9feabf9e78ad45f042fdc6c7b928'; // 17003, master 10923-16383
const CR = '5502f33cce94865f59fde17c96e55aaab7a1451c'; // 17004, replica of C

const INFO = `cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:6\r\ncluster_size:3\r\ncluster_current_epoch:6\r\ncluster_my_epoch:1\r\ncluster_stats_messages_ping_sent:21\r\ncluster_stats_messages_sent:45\r\ncluster_stats_messages_received:45\r\ntotal_cluster_links_buffer_limit_exceeded:0\r\n`;

const NODES_FROM_A = `bb28332dd59187c0567a2edfcd7bdcce62310309 127.0.0.1:17006@27006 slave ${B} 0 1796083886054 2 connected
${CR} 127.0.0.1:17004@27004 slave ${C} 0 1796083886054 3 connected
3b0ae3a6bb2e4f022d4cf12abf5b065499684e59 127.0.0.1:17005@27005 slave ${A} 0 1796083886054 1 connected
${C} 127.0.0.1:17003@27003 master - 0 1796083886054 3 connected 10923-16383
${A} 127.0.0.1:17001@27001 myself,master - 0 1796083886000 1 connected 0-5460 [100->-${B}]
${B} 127.0.0.1:17002@27002 master - 0 1796083886000 2 connected 5461-10922
`;
const NODES_FROM_B = `${A} 127.0.0.1:17001@27001 master - 0 1796083886000 1 connected 0-5460
${B} 127.0.0.1:17002@27002 myself,master - 0 1796083885000 2 connected 5461-10922 [100-<-${A}]
`;

const SHARDS = [
  [
    'slots',
    [10923, 16383],
    'nodes',
    [
      [
        'id',
        C,
        'port',
        17003,
        'ip',
        '127.0.0.1',
        'endpoint',
        '127.0.0.1',
        'role',
        'master',
        'replication-offset',
        0,
        'health',
        'online',
      ],
      [
        'id',
        CR,
        'port',
        17004,
        'ip',
        '127.0.0.1',
        'endpoint',
        '127.0.0.1',
        'role',
        'replica',
        'replication-offset',
        0,
        'health',
        'loading',
      ],
    ],
  ],
  [
    'slots',
    [0, 5460],
    'nodes',
    [['id', A, 'port', 17001, 'tls-port', 27101, 'ip', '127.0.0.1', 'role', 'master', 'health', 'online']],
  ],
];

const view = (source: string, nodes: string, info = INFO): ClusterView => ({
  source,
  info: parseClusterInfo(info),
  nodes: parseClusterNodes(nodes),
});

describe('CLUSTER INFO / NODES / SHARDS parsers', () => {
  it('reads CLUSTER INFO fields', () => {
    const info = parseClusterInfo(INFO);
    expect(info.get('cluster_state')).toBe('ok');
    expect(infoNumber(info, 'cluster_slots_assigned')).toBe(16384);
    expect(infoNumber(info, 'cluster_state')).toBeUndefined();
  });

  it('reads CLUSTER NODES lines with roles, slots and migrations', () => {
    const nodes = parseClusterNodes(NODES_FROM_A);
    expect(nodes).toHaveLength(6);
    const a = nodes.find((n) => n.id === A)!;
    expect(a).toMatchObject({ host: '127.0.0.1', port: 17001, myself: true, role: 'master', configEpoch: 1 });
    expect(a.slots).toEqual([[0, 5460]]);
    expect(a.migrating).toEqual([{ slot: 100, peer: B }]);
    expect(parseClusterNodes(NODES_FROM_B).find((n) => n.id === B)!.importing).toEqual([{ slot: 100, peer: A }]);
    expect(nodes.find((n) => n.id === CR)).toMatchObject({ role: 'replica', masterId: C, slots: [] });
  });

  it('reads fail?/fail flags, IPv6 addresses and hostnames, and skips garbage', () => {
    const text = [
      `${C} 127.0.0.1:17003@27003 master,fail? - 1 2 3 disconnected 10923-16383`,
      `${B} ::1:7002@17002,cache-b.internal master,fail - 1 2 3 disconnected 5461 5462-5463 99999 7-3`,
      'garbage line',
      `${A} :0@0 master,noaddr - 0 0 0 disconnected`,
      '\u0000\u0001 nonsense',
    ].join('\n');
    const nodes = parseClusterNodes(text);
    expect(nodes.map((n) => n.health)).toEqual(['pfail', 'fail', 'online']);
    expect(nodes[1]).toMatchObject({ host: '::1', port: 7002, hostname: 'cache-b.internal' });
    expect(nodes[1].slots).toEqual([
      [5461, 5461],
      [5462, 5463],
    ]);
    expect(httpSdGroups(mergeViews([{ source: 'x', info: new Map(), nodes }]), false).map((g) => g.targets[0])).toEqual(
      ['redis://127.0.0.1:17003', 'redis://[::1]:7002'],
    );
  });

  it('reads CLUSTER SHARDS (7.0 shape) and ignores what it cannot read', () => {
    const shards = parseClusterShards(SHARDS);
    expect(shards[0].slots).toEqual([[10923, 16383]]);
    expect(shards[0].nodes[1]).toMatchObject({ id: CR, port: 17004, role: 'replica', health: 'loading' });
    expect(shards[1].nodes[0].tlsPort).toBe(27101);
    expect(parseClusterShards('nope')).toEqual([]);
    expect(parseClusterShards([['slots', ['x'], 'nodes', [['id', 'short']]]])).toEqual([{ slots: [], nodes: [] }]);
  });
});

describe('mergeViews / shard ids / http_sd', () => {
  it('builds shards with the contract ids and keeps each node’s own migrations', () => {
    const topology = mergeViews([view('127.0.0.1:17001', NODES_FROM_A), view('127.0.0.1:17002', NODES_FROM_B)]);
    expect(topology.stateOk).toBe(true);
    expect(topology.shards.map((s) => [s.id, s.masterAddr, s.slotCount, s.replicas.length, s.healthyReplicas])).toEqual(
      [
        ['10923', '127.0.0.1:17003', 5461, 1, 1],
        ['0', '127.0.0.1:17001', 5461, 1, 1],
        ['5461', '127.0.0.1:17002', 5462, 1, 1],
      ],
    );
    const byId = new Map(topology.nodes.map((n) => [n.id, n]));
    expect(byId.get(CR)!.shard).toBe('10923');
    expect(byId.get(A)!.migrating).toHaveLength(1);
    expect(byId.get(B)!.importing).toHaveLength(1);
    expect(shardIdOf(A, [])).toBe('none-b89ebc20');
    const sd = httpSdGroups(topology, false);
    expect(sd).toHaveLength(6);
    expect(sd).toContainEqual({ targets: ['redis://127.0.0.1:17004'], labels: { shard: '10923', role: 'replica' } });
  });

  it('takes slots from the view with the highest epoch and health from the worst view', () => {
    const lagging = view(
      '127.0.0.1:17001',
      NODES_FROM_A.replace(`${C} 127.0.0.1:17003@27003 master -`, `${C} 127.0.0.1:17003@27003 master,fail? -`),
    );
    const promoted = view(
      '127.0.0.1:17004',
      `${C} 127.0.0.1:17003@27003 master,fail - 1 2 3 disconnected\n${CR} 127.0.0.1:17004@27004 myself,master - 0 1 7 connected 10923-16383\n`,
      INFO.replace('cluster_current_epoch:6', 'cluster_current_epoch:7'),
    );
    const topology = mergeViews([lagging, promoted]);
    expect(topology.reference).toBe('127.0.0.1:17004');
    expect(topology.shards.find((s) => s.id === '10923')!.masterId).toBe(CR);
    expect(topology.nodes.find((n) => n.id === C)).toMatchObject({ health: 'fail', shard: 'none-493061f2' });
  });
});

/** A 3-shard topology where shard 10923's master is `master` (C or CR) and C has `cHealth`. */
function snapshot(master: string, cHealth: '' | ',fail?' | ',fail', ok = true) {
  const replica = master === C ? CR : C;
  const text = [
    `${A} 127.0.0.1:17001@27001 myself,master - 0 0 1 connected 0-5460`,
    `${B} 127.0.0.1:17002@27002 master - 0 0 2 connected 5461-10922`,
    `${master} 127.0.0.1:${master === C ? 17003 : 17004}@1 master${master === C ? cHealth : ''} - 0 0 3 connected 10923-16383`,
    `${replica} 127.0.0.1:${replica === C ? 17003 : 17004}@1 slave${replica === C ? cHealth : ''} ${master} 0 0 3 connected`,
  ].join('\n');
  return mergeViews([view('127.0.0.1:17001', text, ok ? INFO : INFO.replace('state:ok', 'state:fail'))]);
}

describe('ClusterFailoverDetector', () => {
  it('counts a failure-triggered failover once, from the first PFAIL to promoted + cluster ok', () => {
    const d = new ClusterFailoverDetector();
    expect(d.observe(snapshot(C, ''), 1_000)).toEqual([]);
    expect(d.observe(snapshot(C, ',fail?'), 2_000)).toEqual([]);
    expect(d.observe(snapshot(C, ',fail', false), 3_000)).toEqual([]);
    // Promoted but the cluster is not ok yet: pending.
    expect(d.observe(snapshot(CR, ',fail', false), 4_000)).toEqual([]);
    const [record, ...more] = d.observe(snapshot(CR, ',fail'), 4_500);
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      shard: '10923',
      trigger: 'failure',
      oldMasterId: C,
      newMasterAddr: '127.0.0.1:17004',
      startedAt: 2_000,
      durationSeconds: 2.5,
      clusterOk: true,
    });
    expect(record.stages.map((s) => s.stage)).toEqual(['pfail', 'fail', 'promoted', 'cluster-ok']);
    // The same topology read again (or from other nodes) adds nothing.
    expect(d.observe(snapshot(CR, ',fail'), 5_000)).toEqual([]);
    expect(d.observe(snapshot(CR, ''), 6_000)).toEqual([]);
  });

  it('calls a switch without any PFAIL manual, timed from the last read before it', () => {
    const d = new ClusterFailoverDetector();
    d.observe(snapshot(C, ''), 1_000);
    const [record] = d.observe(snapshot(CR, ''), 1_800);
    expect(record).toMatchObject({ trigger: 'manual', startedAt: 1_000, durationSeconds: 0.8 });
    // A cheap unchanged check between full reads moves the manual start closer to the switch.
    d.unchanged(2_500);
    // And back again: a second failover of the same shard is a second record.
    const [back] = d.observe(snapshot(C, ''), 3_000);
    expect(back).toMatchObject({ trigger: 'manual', startedAt: 2_500, newMasterId: C });
  });

  it('times a failure seen only together with the promotion from the read before it', () => {
    const d = new ClusterFailoverDetector();
    d.observe(snapshot(C, ''), 1_000);
    d.unchanged(1_600);
    const [record] = d.observe(snapshot(CR, ',fail'), 3_000);
    expect(record).toMatchObject({ trigger: 'failure', startedAt: 1_600, durationSeconds: 1.4 });
  });

  it('does not take a slot migration that renames a shard for a failover', () => {
    const d = new ClusterFailoverDetector();
    const before = mergeViews([view('a', NODES_FROM_A)]);
    const moved = NODES_FROM_A.replace('connected 0-5460 [100->-' + B + ']', 'connected 5-5460').replace(
      'connected 5461-10922',
      'connected 0-4 5461-10922',
    );
    d.observe(before, 0);
    const after = mergeViews([view('a', moved)]);
    expect(after.shards.map((s) => s.id).sort()).toEqual(['0', '10923', '5']);
    expect(d.observe(after, 1_000)).toEqual([]);
  });

  it('records a failover that never sees the cluster ok once it is stale, and ignores empty reads', () => {
    const d = new ClusterFailoverDetector({ staleMs: 1_000 });
    d.observe(snapshot(C, ',fail'), 0);
    expect(d.observe(mergeViews([]), 100)).toEqual([]);
    expect(d.observe(snapshot(CR, ',fail', false), 500)).toEqual([]);
    const [record] = d.observe(snapshot(CR, ',fail', false), 2_000);
    expect(record).toMatchObject({ clusterOk: false, trigger: 'failure', startedAt: 0 });
  });
});
