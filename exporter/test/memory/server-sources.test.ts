import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imbalanceRatio, parseKeysizes, parseMemoryStats, parseSlotStats } from '../../src/memory/server-sources';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('server-side memory sources', () => {
  it('parses MEMORY STATS as Redis 7.0.15 answers it', () => {
    const stats = parseMemoryStats(JSON.parse(fixture('memory-stats-redis-7.0.15.json')));
    expect(stats.bytes.get('dataset')).toBeGreaterThan(0);
    expect(stats.bytes.get('overhead_total')).toBeGreaterThan(0);
    expect(stats.bytes.get('replication_backlog')).toBe(0);
    expect(stats.keysCount).toBe(1);
    expect(parseMemoryStats('garbage').bytes.size).toBe(0);
    expect(parseMemoryStats(['dataset.bytes', 'x', 'overhead.total']).bytes.size).toBe(0);
  });

  it('parses INFO keysizes (Redis 8.0) and says when the section is absent', () => {
    const bins = parseKeysizes(fixture('info-keysizes-redis-8.0.txt'))!;
    expect(bins).toContainEqual({ db: 0, type: 'string', lowerBound: 512, keys: 100899 });
    expect(bins).toContainEqual({ db: 0, type: 'string', lowerBound: 1024, keys: 31 });
    expect(bins).toContainEqual({ db: 3, type: 'hash', lowerBound: 4, keys: 2 });
    expect(bins.find((b) => b.type === 'list' && b.lowerBound === 1024 * 1024)?.keys).toBe(1);
    expect(parseKeysizes('')).toBeUndefined();
    expect(parseKeysizes('# Keysizes\r\ndb0_distrib_strings_sizes:bad,2=x,4=1\r\n')).toEqual([
      { db: 0, type: 'string', lowerBound: 4, keys: 1 },
    ]);
  });

  it('sums CLUSTER SLOT-STATS over slots and rates shard imbalance', () => {
    const reply = JSON.parse(fixture('cluster-slot-stats.json')) as unknown;
    const totals = parseSlotStats(reply);
    expect(totals.get('key_count')).toBe(5);
    expect(totals.get('cpu_usec')).toBe(300);
    expect(totals.get('network_bytes_out')).toBe(700);
    expect(parseSlotStats([[1, 'not a map'], 'x', null]).size).toBe(0);
    expect(imbalanceRatio([10, 10, 40])).toBe(2);
    expect(imbalanceRatio([0, 0])).toBeUndefined();
  });
});
