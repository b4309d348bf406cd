import {
  dialHost,
  httpSdGroups,
  mergeViews,
  parseClusterNodes,
  parseClusterShards,
  sdTarget,
  validHostname,
} from '../../src/cluster/topology';

// Replies recorded from a real Redis 7.0.15 cluster started with `cluster-announce-hostname localhost` and
// `cluster-preferred-endpoint-type hostname`, after C's hostname was cleared (`CONFIG SET cluster-announce-hostname ""`):
// CLUSTER NODES then drops the `,hostname` part and CLUSTER SHARDS answers `endpoint ?` (unknown) for C.
const A = '25c9d604d810d9293c05bbb0ca6ae2cb36aa2f3d';
const B = '7e955358b8fcf0db859fcb0bd75e0e7a1b499f92';
const C = '4e9e952351fc6621af734177c58c2f91d72da1a7';

const NODES = `${A} 127.0.0.1:31801@41801,localhost myself,master - 0 1796235912000 1 connected 0-5460
${C} 127.0.0.1:31803@41803 master - 0 1796235915398 3 connected 10923-16383
${B} 127.0.0.1:31802@41802,localhost master - 0 1796235916505 2 connected 5461-10922
`;

const shardNode = (id: string, port: number, endpoint: unknown, hostname?: unknown) => [
  ...['id', id, 'port', port, 'ip', '127.0.0.1', 'endpoint', endpoint],
  ...(hostname === undefined ? [] : ['hostname', hostname]),
  ...['role', 'master', 'replication-offset', 0, 'health', 'online'],
];
const SHARDS = [
  ['slots', [0, 5460], 'nodes', [shardNode(A, 31801, 'localhost', 'localhost')]],
  ['slots', [10923, 16383], 'nodes', [shardNode(C, 31803, '?')]],
  ['slots', [5461, 10922], 'nodes', [shardNode(B, 31802, 'localhost', 'localhost')]],
];

const topology = () =>
  mergeViews([
    { source: '127.0.0.1:31801', info: new Map(), nodes: parseClusterNodes(NODES), shards: parseClusterShards(SHARDS) },
  ]);

describe('cluster hostnames: parsing', () => {
  it('reads the announced hostname from CLUSTER NODES, none when the node announces none', () => {
    const nodes = parseClusterNodes(NODES);
    expect(nodes.map((n) => [n.port, n.hostname])).toEqual([
      [31801, 'localhost'],
      [31803, undefined],
      [31802, 'localhost'],
    ]);
  });

  it('reads the 7.2 address form with auxiliary fields after the hostname', () => {
    const nodes = parseClusterNodes(
      [
        `${A} 10.0.0.1:6379@16379,redis-0.redis.ns.svc.cluster.local,shard-id=${B} myself,master - 0 0 1 connected 0-16383`,
        `${B} 10.0.0.2:6379@16379,,shard-id=${A} slave ${A} 0 0 1 connected`,
      ].join('\n'),
    );
    expect(nodes.map((n) => [n.host, n.port, n.hostname])).toEqual([
      ['10.0.0.1', 6379, 'redis-0.redis.ns.svc.cluster.local'],
      ['10.0.0.2', 6379, undefined],
    ]);
  });

  it('reads the preferred endpoint from CLUSTER SHARDS; `?` (unknown endpoint) is none', () => {
    const shards = parseClusterShards(SHARDS);
    expect(shards.map((s) => [s.nodes[0].endpoint, s.nodes[0].hostname])).toEqual([
      ['localhost', 'localhost'],
      [undefined, undefined],
      ['localhost', 'localhost'],
    ]);
    expect(parseClusterShards([['slots', [], 'nodes', [shardNode(A, 1, '::1')]]])[0].nodes[0].endpoint).toBe('::1');
  });

  it('treats hostile hostnames as none: spaces, newlines, URL syntax, over-long, non-text', () => {
    const long = 'a'.repeat(300);
    for (const bad of ['evil host', 'a\nb', 'a\r\n', 'user@host', 'host/path', 'h:1', '"x"', '', '?', long]) {
      expect(validHostname(bad)).toBeUndefined();
      const [node] = parseClusterShards([['slots', [0, 1], 'nodes', [shardNode(A, 7000, bad, bad)]]])[0].nodes;
      expect(node).toMatchObject({ endpoint: undefined, hostname: undefined });
    }
    expect(parseClusterShards([['slots', [], 'nodes', [shardNode(A, 1, 42, ['x'])]]])[0].nodes[0]).toMatchObject({
      endpoint: undefined,
      hostname: undefined,
    });
    // In CLUSTER NODES a space or newline cannot sit inside the address field: it splits the line, and the pieces
    // either fail the line format or carry no hostname.
    const text = [
      `${A} 127.0.0.1:7000@17000,evil host master - 0 0 1 connected 0-100`,
      `${B} 127.0.0.1:7001@17001,a`,
      `b master - 0 0 1 connected`,
      `${C} 127.0.0.1:7002@17002,${long} master - 0 0 1 connected`,
      `${C} 127.0.0.1:7003@17003,x/y@z master - 0 0 1 connected`,
    ].join('\n');
    const nodes = parseClusterNodes(text);
    for (const n of nodes) expect(n.hostname === undefined || validHostname(n.hostname) === n.hostname).toBe(true);
    expect(nodes.find((n) => n.port === 7000)?.hostname).toBe('evil');
    expect(nodes.find((n) => n.port === 7002)?.hostname).toBeUndefined();
    expect(nodes.find((n) => n.port === 7003)?.hostname).toBeUndefined();
  });
});

describe('cluster hostnames: topology, dialling and http_sd', () => {
  it('keeps ip:port as the node identity and dials the preferred endpoint, the ip when unknown', () => {
    const t = topology();
    expect(t.nodes.map((n) => [n.addr, n.hostname, n.endpoint, dialHost(n)])).toEqual([
      ['127.0.0.1:31801', 'localhost', 'localhost', 'localhost'],
      ['127.0.0.1:31803', undefined, undefined, '127.0.0.1'],
      ['127.0.0.1:31802', 'localhost', 'localhost', 'localhost'],
    ]);
    expect(t.shards.map((s) => s.masterAddr)).toEqual(['127.0.0.1:31801', '127.0.0.1:31803', '127.0.0.1:31802']);
  });

  it('hands out ips by default and hostnames with --cluster-discover-hostnames, as redis_exporter does', () => {
    const t = topology();
    expect(httpSdGroups(t, false).map((g) => g.targets[0])).toEqual([
      'redis://127.0.0.1:31801',
      'redis://127.0.0.1:31803',
      'redis://127.0.0.1:31802',
    ]);
    expect(httpSdGroups(t, false, true).map((g) => g.targets[0])).toEqual([
      'redis://localhost:31801',
      'redis://127.0.0.1:31803',
      'redis://localhost:31802',
    ]);
    // TLS: the announced TLS port under the hostname.
    expect(sdTarget({ host: '10.0.0.1', port: 6379, tlsPort: 6380, hostname: 'cache-0.internal' }, true, true)).toBe(
      'rediss://cache-0.internal:6380',
    );
    expect(sdTarget({ host: '::1', port: 6379, hostname: undefined }, false, true)).toBe('redis://[::1]:6379');
  });

  it('keeps the http_sd JSON well-formed whatever the hostname reply held', () => {
    const hostile = NODES.replace(`,localhost myself`, `,a"b\\\\c myself`).replace(
      '31802@41802,localhost',
      `31802@41802,${'x'.repeat(300)}`,
    );
    const t = mergeViews([{ source: 's', info: new Map(), nodes: parseClusterNodes(hostile) }]);
    const json = JSON.stringify(httpSdGroups(t, false, true));
    const targets = (JSON.parse(json) as { targets: string[] }[]).map((g) => g.targets[0]);
    expect(targets).toEqual(['redis://127.0.0.1:31801', 'redis://127.0.0.1:31803', 'redis://127.0.0.1:31802']);
    for (const target of targets) expect(new URL(target).pathname).toBe('');
  });
});
