// The parsers the name-table test does not reach (CLUSTER NODES / SHARDS / INFO, MEMORY STATS, INFO keysizes,
// CLUSTER SLOT-STATS, the replication and Sentinel lines of INFO, the refusal reason of a command a server lacks),
// run over the exact replies of every captured server under fixtures/<server>-<version>/ (fixtures/README.md). Which
// optional features each server has is listed per directory, so a new fixture directory must say what it offers.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseClusterInfo, parseClusterNodes, parseClusterShards, CLUSTER_SLOTS } from '../src/cluster/topology';
import { hasCommandLog } from '../src/commandlog';
import { refusalReason } from '../src/feature-availability';
import { parseInfoReport } from '../src/info';
import { parseKeysizes, parseMemoryStats, parseSlotStats } from '../src/memory/server-sources';

const FIXTURES = join(__dirname, 'fixtures');
const servers = readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory());

interface Offers {
  /** `valkey_version` in INFO (absent on Redis). */
  valkey?: string;
  /** Keyspace lines carry `subexpiry` (Redis 7.4+; the data set has one hash field with HEXPIRE). */
  subexpiry: boolean;
  /** `INFO KEYSIZES` answers a `# Keysizes` section (Redis 8.0 GA+). */
  keysizes: boolean;
  /** CLUSTER SLOT-STATS (Valkey 8.0+, Redis 8.2+). */
  slotStats: boolean;
  /** COMMANDLOG (Valkey 8.1+). */
  commandlog: boolean;
}

const OFFERS: Record<string, Offers> = {
  'redis-7.0.15': { subexpiry: false, keysizes: false, slotStats: false, commandlog: false },
  'redis-7.2.6': { subexpiry: false, keysizes: false, slotStats: false, commandlog: false },
  'redis-7.4.1': { subexpiry: true, keysizes: false, slotStats: false, commandlog: false },
  'redis-8.0-m01': { subexpiry: true, keysizes: false, slotStats: false, commandlog: false },
  'valkey-7.2.7': { valkey: '7.2.7', subexpiry: false, keysizes: false, slotStats: false, commandlog: false },
  'valkey-8.0.1': { valkey: '8.0.1', subexpiry: false, keysizes: false, slotStats: true, commandlog: false },
};

function load(server: string) {
  const dir = join(FIXTURES, server);
  const has = (f: string) => existsSync(join(dir, f));
  const text = (f: string) => readFileSync(join(dir, f), 'utf8');
  const json = (f: string): unknown => JSON.parse(text(f));
  return { has, text, json };
}

it('every fixture directory says which optional features its server has', () => {
  expect(servers.filter((s) => !OFFERS[s])).toEqual([]);
});

describe.each(servers)('fixture %s', (server) => {
  const { has, text, json } = load(server);
  const offers = OFFERS[server] ?? { subexpiry: false, keysizes: false, slotStats: false, commandlog: false };
  const main = parseInfoReport(text('info-all.txt'));

  it('INFO: identity, keyspace, replica line, command and error stats; executable names the install path', () => {
    expect(main.fields.get('valkey_version')).toBe(offers.valkey);
    expect(main.fields.get('server_name')).toBe(offers.valkey ? 'valkey' : undefined);
    expect(main.keyspace.map((db) => [db.db, db.keys, db.expires])).toEqual([
      ['db0', 25, 10],
      ['db1', 20, 10],
      ['db3', 20, 10],
    ]);
    expect(main.keyspace.map((db) => db.keysWithExpiringItems)).toEqual(
      offers.subexpiry ? [1, 0, 0] : [undefined, undefined, undefined],
    );
    expect(main.replicas).toEqual([expect.objectContaining({ ip: '127.0.0.1', state: 'online' })]);
    expect(main.commandstats.find((c) => c.cmd === 'get')?.calls).toBe(51);
    expect(main.errorstats.find((e) => e.err === 'ERR')?.count).toBeGreaterThan(0);
    const replica = parseInfoReport(text('replica-info-all.txt'));
    expect([replica.fields.get('role'), replica.fields.get('master_link_status')]).toEqual(['slave', 'up']);
    for (const f of ['info.txt', 'info-all.txt', 'replica-info-all.txt', 'sentinel-info-all.txt']) {
      expect({ f, executable: parseInfoReport(text(f)).fields.get('executable') }).toEqual({
        f,
        executable: expect.stringMatching(/^\/usr\/(local\/)?bin\/(redis|valkey)-server$/),
      });
    }
  });

  it('Sentinel INFO: the monitored master with its replica and both Sentinels', () => {
    const sentinel = parseInfoReport(text('sentinel-info-all.txt'));
    expect(sentinel.sentinelMasters).toEqual([
      expect.objectContaining({ name: 'mymaster', status: 'ok', slaves: 1, sentinels: 2 }),
    ]);
  });

  it('MEMORY STATS: byte fields and the key count of the master', () => {
    const stats = parseMemoryStats(json('memory-stats.json'));
    expect(stats.bytes.get('dataset')).toBeGreaterThan(0);
    expect(stats.bytes.get('overhead_total')).toBeGreaterThan(0);
    expect(stats.bytes.get('replication_backlog')).toBeGreaterThan(0);
    expect(stats.keysCount).toBe(65);
  });

  it('CLUSTER INFO, NODES and SHARDS: three masters over every slot, one replica of the first', () => {
    const info = parseClusterInfo(text('cluster-info.txt'));
    expect([info.get('cluster_state'), info.get('cluster_known_nodes'), info.get('cluster_size')]).toEqual([
      'ok',
      '4',
      '3',
    ]);
    const nodes = parseClusterNodes(text('cluster-nodes.txt'));
    expect(nodes).toHaveLength(4);
    const masters = nodes.filter((n) => n.role === 'master');
    const myself = nodes.find((n) => n.myself)!;
    const replica = nodes.find((n) => n.role === 'replica')!;
    expect(masters).toHaveLength(3);
    expect(masters.flatMap((n) => n.slots).reduce((sum, [a, b]) => sum + b - a + 1, 0)).toBe(CLUSTER_SLOTS);
    expect([myself.role, replica.masterId, replica.health, replica.linkState]).toEqual([
      'master',
      myself.id,
      'online',
      'connected',
    ]);
    expect(nodes.every((n) => n.host === '127.0.0.1' && n.hostname === undefined)).toBe(true);
    const shards = parseClusterShards(json('cluster-shards.json'));
    expect(shards).toHaveLength(3);
    expect(shards.flatMap((s) => s.slots).reduce((sum, [a, b]) => sum + b - a + 1, 0)).toBe(CLUSTER_SLOTS);
    const shardNodes = shards.flatMap((s) => s.nodes);
    expect(shardNodes.map((n) => n.id).sort()).toEqual(nodes.map((n) => n.id).sort());
    for (const n of shardNodes) {
      const line = nodes.find((l) => l.id === n.id)!;
      expect([n.role, n.port, n.health]).toEqual([line.role, line.port, 'online']);
    }
    const node = parseInfoReport(text('cluster-node-info-all.txt'));
    expect(node.fields.get('cluster_enabled')).toBe('1');
  });

  it('INFO KEYSIZES, CLUSTER SLOT-STATS and COMMANDLOG: parsed where the server has them, refused as unknown where not', () => {
    expect(parseKeysizes(text('info-keysizes.txt')) !== undefined).toBe(offers.keysizes);
    const refused = (base: string) => {
      expect(has(`${base}.json`)).toBe(!has(`${base}.error.txt`));
      if (!has(`${base}.error.txt`)) return false;
      expect(refusalReason(new Error(text(`${base}.error.txt`).split('\n')[1]))).toBe('unknown_command');
      return true;
    };
    expect(refused('cluster-slot-stats-slotsrange')).toBe(!offers.slotStats);
    expect(refused('cluster-slot-stats-orderby-key-count')).toBe(!offers.slotStats);
    if (offers.slotStats) {
      const keys = parseInfoReport(text('cluster-node-info-all.txt')).keyspace[0].keys;
      expect(parseSlotStats(json('cluster-slot-stats-slotsrange.json')).get('key_count')).toBe(keys);
    }
    for (const type of ['slow', 'large-request', 'large-reply']) {
      expect(refused(`commandlog-len-${type}`)).toBe(!offers.commandlog);
      expect(refused(`commandlog-get-5-${type}`)).toBe(!offers.commandlog);
    }
    expect(hasCommandLog(main.fields.get('valkey_version'))).toBe(offers.commandlog);
    expect(json('command-info-commandlog.json')).toEqual(offers.commandlog ? [expect.any(Array)] : [null]);
  });
});
