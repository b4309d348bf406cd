import { randomBytes } from 'node:crypto';
import { isTargetAllowed } from '../src/allowlist';
import { configSamples } from '../src/config-metrics';
import { parseInfoReport } from '../src/info';
import { infoSamples } from '../src/info-metrics';
import { latencySamples } from '../src/latency';
import { sentinelMasterSamples } from '../src/sentinel/masters';
import { slowlogSamples } from '../src/slowlog';

const INFO = [
  '# Server',
  'redis_version:7.0.15',
  'redis_mode:standalone',
  'os:Linux 6.1 x86_64',
  'uptime_in_seconds:100',
  'run_id:abc',
  'tcp_port:6379',
  '# Memory',
  'used_memory:1000',
  'maxmemory_policy:allkeys-lfu',
  '# Persistence',
  'rdb_last_bgsave_status:ok',
  'aof_last_write_status:err',
  '# Stats',
  'latest_fork_usec:2500',
  'keyspace_hits:7',
  'total_error_replies:3',
  '# Replication',
  'role:master',
  'connected_slaves:2',
  'slave0:ip=127.0.0.1,port=7001,state=online,offset=500,lag=1',
  'slave1:ip=127.0.0.1,port=7002,state=wait_bgsave,offset=0,lag=0',
  '# Commandstats',
  'cmdstat_get:calls=21,usec=175,usec_per_call=8.33,rejected_calls=1,failed_calls=2',
  'cmdstat_config|get:calls=3,usec=30,usec_per_call=10.00',
  '# Errorstats',
  'errorstat_ERR:count=4',
  '# Latencystats',
  'latency_percentiles_usec_get:p50=1.003,p99=4.015,p99.9=8.031',
  'latency_percentiles_usec_orphan:p50=1',
  '# Keyspace',
  'db0:keys=10,expires=2,avg_ttl=5000',
  'db3:keys=1,expires=0,avg_ttl=0',
  '',
].join('\r\n');

const find = (samples: ReturnType<typeof infoSamples>, name: string, labels?: Record<string, string>) =>
  samples.filter((s) => s.name === name && (!labels || Object.entries(labels).every(([k, v]) => s.labels?.[k] === v)));

describe('INFO parsing', () => {
  const samples = infoSamples(parseInfoReport(INFO), { dbCount: 4, nowSeconds: 1000 });

  it('maps fields to redis_exporter names and units', () => {
    expect(find(samples, 'memory_used_bytes')[0].value).toBe(1000);
    expect(find(samples, 'keyspace_hits_total')[0].value).toBe(7);
    expect(find(samples, 'total_error_replies')[0].value).toBe(3);
    expect(find(samples, 'rdb_last_bgsave_status')[0].value).toBe(1);
    expect(find(samples, 'aof_last_write_status')[0].value).toBe(0);
    expect(find(samples, 'latest_fork_seconds')[0].value).toBe(0.0025);
    expect(find(samples, 'start_time_seconds')[0].value).toBe(900);
    expect(find(samples, 'instance_info')[0].labels).toMatchObject({ role: 'master', maxmemory_policy: 'allkeys-lfu' });
  });

  it('exports per-replica offset and lag', () => {
    expect(find(samples, 'connected_slave_offset_bytes', { slave_port: '7001', slave_state: 'online' })[0].value).toBe(
      500,
    );
    expect(find(samples, 'connected_slave_lag_seconds', { slave_port: '7001' })[0].value).toBe(1);
    expect(find(samples, 'connected_slave_offset_bytes')).toHaveLength(2);
  });

  it('exports commandstats, errorstats, latency percentiles and keyspace (empty dbs as 0)', () => {
    expect(find(samples, 'commands_total', { cmd: 'get' })[0].value).toBe(21);
    expect(find(samples, 'commands_duration_seconds_total', { cmd: 'get' })[0].value).toBeCloseTo(0.000175);
    expect(find(samples, 'commands_failed_calls_total', { cmd: 'get' })[0].value).toBe(2);
    expect(find(samples, 'commands_rejected_calls_total', { cmd: 'config|get' })).toHaveLength(0);
    expect(find(samples, 'errors_total', { err: 'ERR' })[0].value).toBe(4);
    expect(find(samples, 'latency_percentiles_usec', { cmd: 'get', quantile: '99.9' })[0].value).toBe(8.031);
    expect(find(samples, 'latency_percentiles_usec_count', { cmd: 'get' })[0].value).toBe(21);
    expect(find(samples, 'latency_percentiles_usec', { cmd: 'orphan' })).toHaveLength(0);
    expect(find(samples, 'db_keys', { db: 'db0' })[0].value).toBe(10);
    expect(find(samples, 'db_avg_ttl_seconds', { db: 'db0' })[0].value).toBe(5);
    expect(find(samples, 'db_keys', { db: 'db2' })[0].value).toBe(0);
    expect(find(samples, 'db_keys')).toHaveLength(4);
  });

  it('reads a replica: master link and labels', () => {
    const replica = infoSamples(
      parseInfoReport(
        '# Replication\nrole:slave\nmaster_host:10.0.0.1\nmaster_port:6379\nmaster_link_status:down\nslave_repl_offset:42\n',
      ),
      { nowSeconds: 0 },
    );
    expect(find(replica, 'master_link_up', { master_host: '10.0.0.1' })[0].value).toBe(0);
    expect(find(replica, 'slave_repl_offset')[0].value).toBe(42);
    expect(find(replica, 'slave_info')).toHaveLength(1);
  });
});

describe('command reply parsers', () => {
  it('slowlog', () => {
    const s = slowlogSamples(5, [[9, 1700000000, 25000, ['DEBUG', 'SLEEP']]]);
    expect(s).toEqual([
      { name: 'slowlog_length', value: 5 },
      { name: 'slowlog_last_id', value: 9 },
      { name: 'last_slow_execution_duration_seconds', value: 0.025 },
    ]);
  });
  it('latency latest', () => {
    expect(latencySamples([['command', 1700000000, 250, 300]])).toEqual([
      { name: 'latency_spike_last', labels: { event_name: 'command' }, value: 1700000000 },
      { name: 'latency_spike_duration_seconds', labels: { event_name: 'command' }, value: 0.25 },
    ]);
  });
  it('config get', () => {
    const r = configSamples([
      ['maxmemory', '100'],
      ['maxclients', '10000'],
      ['databases', '16'],
      ['io-threads', '1'],
    ]);
    expect(r.dbCount).toBe(16);
    expect(r.samples.map((s) => s.name).sort()).toEqual(['config_io_threads', 'config_maxclients', 'config_maxmemory']);
  });
  it('sentinel master detail', () => {
    const s = sentinelMasterSamples({
      master: { name: 'm', ip: '127.0.0.1', port: '6379', 'config-epoch': '3', quorum: '2' },
      ckquorum: { ok: true, message: 'OK 3 usable Sentinels' },
      replicas: [{ flags: 'slave' }, { flags: 'slave,s_down' }],
      sentinels: [{ flags: 'sentinel' }, { flags: 'sentinel' }],
    });
    const byName = Object.fromEntries(s.map((x) => [x.name, x.value]));
    expect(byName).toMatchObject({
      sentinel_master_ok_slaves: 1,
      sentinel_master_ok_sentinels: 3,
      sentinel_master_config_epoch: 3,
      sentinel_master_ckquorum_status: 1,
      sentinel_master_setting_ckquorum: 2,
    });
  });
});

describe('parsers never throw on malformed input (fuzz)', () => {
  // Deterministic PRNG so a failure reproduces.
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pieces = [
    '#',
    ':',
    ',',
    '=',
    '\n',
    '\r\n',
    'slave0',
    'db0',
    'cmdstat_',
    'errorstat_',
    'latency_percentiles_usec_',
    'p50',
    'NaN',
    '-1',
    '1e309',
    'keys',
    'offset',
    'master0',
    '# Keyspace',
    '# Commandstats',
    '# Latencystats',
    '# Replication',
    '# Sentinel',
    'ok',
    '\u0000',
    '\udc00',
  ];

  it('random INFO text', () => {
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const n = Math.floor(rand() * 40);
      for (let j = 0; j < n; j++)
        text += rand() < 0.8 ? pieces[Math.floor(rand() * pieces.length)] : randomBytes(3).toString('latin1');
      const samples = infoSamples(parseInfoReport(text), { dbCount: Math.floor(rand() * 20), nowSeconds: 0 });
      for (const s of samples) expect(typeof s.value).toBe('number');
    }
  });

  it('every truncation of a real INFO report', () => {
    for (let cut = 0; cut <= INFO.length; cut++) {
      expect(() => infoSamples(parseInfoReport(INFO.slice(0, cut)), { nowSeconds: 0 })).not.toThrow();
    }
  });

  it('unexpected reply shapes', () => {
    const shapes: unknown[] = [
      undefined,
      null,
      1,
      'x',
      [],
      [[]],
      [null],
      [['a']],
      [[1, 2]],
      { a: 1 },
      [[9, 'x', 'y']],
      [['e', 'x', 1]],
    ];
    for (const a of shapes) {
      for (const b of shapes) {
        expect(() => slowlogSamples(a, b)).not.toThrow();
        expect(() => latencySamples(a)).not.toThrow();
        expect(() => configSamples([a, b])).not.toThrow();
        expect(() =>
          sentinelMasterSamples({ master: {}, ckquorum: { ok: false, message: '' }, replicas: [], sentinels: [] }),
        ).not.toThrow();
      }
    }
  });
});

describe('scrape allowlist', () => {
  const allow = ['redis://10.0.0.1', 'rediss://cache-*.internal:6380', 'unix:///run/redis/'];
  it.each([
    ['redis://10.0.0.1:6379', true],
    ['redis://10.0.0.1', true],
    ['10.0.0.1:6379', true],
    ['rediss://cache-a.internal:6380', true],
    ['unix:///run/redis/redis.sock', true],
    ['redis://10.0.0.12:6379', false],
    ['redis://10.0.0.1.evil.com:6379', false],
    ['redis://10.0.0.1@evil.com:6379', false],
    ['redis://user:pw@10.0.0.1:6379', false],
    ['rediss://cache-a.evil.com/.internal:6380', false],
    ['http://10.0.0.1:6379', false],
    ['', false],
    ['redis://169.254.169.254', false],
  ])('%s → %s', (target, allowed) => {
    expect(isTargetAllowed(target, allow)).toBe(allowed);
  });
  it('an empty allowlist refuses everything', () => {
    expect(isTargetAllowed('redis://127.0.0.1:6379', [])).toBe(false);
  });
});

describe('hostile label values reach the exposition escaped', () => {
  it('quotes, backslashes, newlines and binary in labels keep the text parseable', async () => {
    const { FamilyProducer, scrapeSource } = await import('../src/producer');
    const { PrometheusSerializer } = await import('@opentelemetry/exporter-prometheus');
    const hostile = ['a"b', 'back\\slash', 'new\nline', '\u0000\u0001\uffff', '}{=,', 'x'.repeat(5000)];
    const producer = new FamilyProducer(
      scrapeSource(async () => ({
        up: true,
        durationSeconds: 0,
        samples: [
          { name: 'up', value: 1 },
          ...hostile.map((cmd) => ({ name: 'commands_total', labels: { cmd }, value: 1 })),
          { name: 'not_in_catalog', value: 1 },
          { name: 'db_keys', labels: { db: 'db0' }, value: NaN },
        ],
      })),
    );
    const text = new PrometheusSerializer(undefined, false, undefined, true, true).serialize(
      (await producer.collect()).resourceMetrics,
    );
    const sampleLines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    // Every series is on one line: name{labels} value, with label values quoted and escaped.
    for (const line of sampleLines) expect(line).toMatch(/^[a-z_]+(\{([a-z_]+="([^"\\\n]|\\.)*",?)*\})? \S+$/s);
    expect(sampleLines.filter((l) => l.startsWith('redis_commands_total{'))).toHaveLength(hostile.length);
    expect(text).not.toContain('not_in_catalog');
    expect(text).not.toContain('redis_db_keys');
  });
});
