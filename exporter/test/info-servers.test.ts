// INFO parsing that does not care which server wrote it: Valkey's identity and server_mode, keyspace fields by name
// (Redis 7.4 subexpiry, Valkey 9 keys_with_volatile_items, KeyDB cached_keys), Valkey 9's TLS / Scripting Engines /
// active-time fields, and the replies of commands only some servers have. The lines below are the shapes those
// servers print (the captured fixtures cover the servers that could be built here; see fixtures/README.md).
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { catalogDef, passThroughName } from '../src/catalog';
import { commandlogSamples, hasCommandLog } from '../src/commandlog';
import { configSamples, outputBufferLimitSamples } from '../src/config-metrics';
import { parseInfoReport, parseKeyspaceLine } from '../src/info';
import { infoSamples } from '../src/info-metrics';
import { latencyHistogramSamples } from '../src/latency';
import { familiesToMetricData, histogramPoint, samplesToFamilies } from '../src/producer';
import { clusterInfoSamples } from '../src/scrape';
import { sentinelMasterSamples } from '../src/sentinel/masters';

const VALKEY9 = [
  '# Server',
  'redis_version:7.2.4',
  'server_name:valkey',
  'valkey_version:9.1.0',
  'valkey_release_stage:ga',
  'server_mode:standalone',
  'availability_zone:eu-west-1a',
  'configured_hz:10',
  'hz:10',
  '# Memory',
  'mem_replicas_repl_buffer:41',
  '# Stats',
  'expired_fields:42',
  'acl_access_denied_db:44',
  'used_active_time_main_thread:1.5',
  'used_active_time_io_thread_1:0.25',
  '# Replication',
  'role:master',
  'master_replid:8f1e',
  'replicas_waiting_psync:2',
  '# TLS',
  'tls_server_cert_serial:01A2',
  'tls_server_cert_expires_in_seconds:47',
  '# Scripting Engines',
  'engines_count:1',
  'engine_0:name=LUA,module=built-in,abi_version=1,used_memory=20,memory_overhead=21',
  '# Cluster Info',
  'cluster_state:ok',
  '# Keyspace',
  'db0:keys=17,expires=5,avg_ttl=2500,keys_with_volatile_items=3',
  '',
].join('\r\n');

const byName = (text: string) => {
  const out = new Map<string, { labels?: Record<string, string>; value: number }[]>();
  for (const s of infoSamples(parseInfoReport(text), { nowSeconds: 1e9 })) {
    out.set(s.name, [...(out.get(s.name) ?? []), s]);
  }
  return out;
};

describe('server identity', () => {
  it('Valkey: valkey_version, release stage, zone and server_mode on redis_instance_info', () => {
    const info = byName(VALKEY9).get('instance_info')![0].labels;
    expect(info).toMatchObject({
      redis_version: '7.2.4',
      redis_mode: 'standalone',
      valkey_version: '9.1.0',
      valkey_release_stage: 'ga',
      availability_zone: 'eu-west-1a',
      master_replid: '8f1e',
    });
  });

  it('Redis: no Valkey labels, redis_mode as reported', () => {
    const info = byName(
      '# Server\r\nredis_version:7.4.1\r\nredis_mode:cluster\r\n# Replication\r\nrole:master\r\n',
    ).get('instance_info')![0].labels!;
    expect(info.redis_mode).toBe('cluster');
    expect(Object.keys(info)).not.toContain('valkey_version');
    expect(Object.keys(info)).not.toContain('availability_zone');
  });
});

describe('keyspace by field name', () => {
  it.each([
    ['keys=1,expires=0,avg_ttl=0', { keys: 1, expires: 0, avgTtlMs: 0 }],
    ['subexpiry=7,avg_ttl=685620459,expires=25091314,keys=25714011', { keys: 25714011, keysWithExpiringItems: 7 }],
    ['keys=17,expires=5,avg_ttl=2500,keys_with_volatile_items=3', { keys: 17, keysWithExpiringItems: 3 }],
    ['keys=1,expires=0,avg_ttl=0,cached_keys=4,extra=ignored', { cachedKeys: 4 }],
  ])('%s', (value, want) => {
    expect(parseKeyspaceLine('db0', value)).toMatchObject(want);
  });

  it('Redis 7.4 subexpiry is not KeyDB cached_keys', () => {
    expect(parseKeyspaceLine('db0', 'keys=1,expires=0,avg_ttl=0,subexpiry=0')?.cachedKeys).toBeUndefined();
  });

  it.each(['expires=0', 'keys=x,expires=0', 'keys=1,expires=0,cached_keys=zzz', 'keys=1,expires'])(
    'rejects %s',
    (value) => expect(parseKeyspaceLine('db0', value)).toBeUndefined(),
  );

  it('exports db_keys_with_expiring_items and no db_keys_cached for Valkey 9', () => {
    const m = byName(VALKEY9);
    expect(m.get('db_keys_with_expiring_items')).toEqual([
      { name: 'db_keys_with_expiring_items', labels: { db: 'db0' }, value: 3 },
    ]);
    expect(m.has('db_keys_cached')).toBe(false);
    expect(m.get('db_avg_ttl_seconds')![0].value).toBe(2.5);
  });
});

describe('Valkey 9 fields', () => {
  const m = byName(VALKEY9);
  it('maps the new scalar fields to redis_exporter names', () => {
    expect(m.get('mem_replicas_repl_buffer_bytes')![0].value).toBe(41);
    expect(m.get('expired_fields_total')![0].value).toBe(42);
    expect(m.get('acl_access_denied_db_total')![0].value).toBe(44);
    expect(m.get('replicas_waiting_psync')![0].value).toBe(2);
    expect(m.get('tls_server_cert_expires_in_seconds')![0].value).toBe(47);
    expect(m.get('scripting_engines_count')![0].value).toBe(1);
    expect(m.get('active_time_main_thread_seconds_total')![0].value).toBe(1.5);
    expect(m.get('configured_hz')![0].value).toBe(10);
  });
  it('TLS serials, scripting engines and I/O-thread active time carry their labels', () => {
    expect(m.get('tls_certificate_info')![0].labels).toEqual({ certificate: 'server', serial: '01A2' });
    expect(m.get('scripting_engine_memory_used_bytes')![0]).toMatchObject({
      labels: { engine: 'LUA', module: 'built-in', abi_version: '1' },
      value: 20,
    });
    expect(m.get('active_time_io_thread_seconds_total')![0]).toMatchObject({ labels: { thread: '1' }, value: 0.25 });
  });
  it("INFO's copy of CLUSTER INFO (Valkey 9.1) is not exported twice", () => {
    expect(m.has('cluster_state')).toBe(false);
  });
});

describe('pass-through names', () => {
  it('cluster_* fields keep their name, the message totals are renamed, other fields are not exported', () => {
    expect(passThroughName('cluster_stats_messages_auth-req_sent')).toBe('cluster_stats_messages_auth_req_sent');
    expect(passThroughName('cluster_stats_messages_sent')).toBe('cluster_messages_sent_total');
    expect(passThroughName('some_new_field')).toBeUndefined();
    expect(catalogDef('cluster_stats_pfail_nodes')?.kind).toBe('gauge');
  });
  it('CLUSTER INFO: ok → 1, fail → 0, non-numbers skipped, hyphenated message types exported', () => {
    const samples = clusterInfoSamples(
      'cluster_state:fail\r\ncluster_stats_messages_auth-req_sent:3\r\ncluster_new_text:abc\r\ntotal_cluster_links_buffer_limit_exceeded:0\r\n',
    );
    expect(samples).toEqual([
      { name: 'cluster_state', value: 0 },
      { name: 'cluster_stats_messages_auth_req_sent', value: 3 },
    ]);
  });
});

describe('commands only some servers have', () => {
  it('LATENCY HISTOGRAM → histograms with commandstats µs as the sum (subcommands included)', () => {
    const report = parseInfoReport(
      '# Commandstats\r\ncmdstat_config|get:calls=3,usec=30,usec_per_call=10\r\ncmdstat_get:calls=51,usec=40,usec_per_call=1\r\n',
    );
    const samples = latencyHistogramSamples(
      [
        'get',
        ['calls', 51, 'histogram_usec', [1, 50, 8, 51]],
        'config',
        ['calls', 3, 'histogram_usec', [16, 3]],
        'bad',
        'x',
      ],
      report.commandstats,
    );
    expect(samples.map((s) => [s.labels?.cmd, s.histogram?.count, s.histogram?.sum])).toEqual([
      ['get', 51, 40],
      ['config', 3, 30],
    ]);
    expect(histogramPoint(samples[0].histogram!)).toEqual({
      buckets: { boundaries: [1, 8], counts: [50, 1, 0] },
      count: 51,
      sum: 40,
    });
    // A histogram family becomes OTel histogram data (Prometheus _bucket/_sum/_count).
    const [data] = familiesToMetricData(samplesToFamilies(samples), [0, 0], [1, 0]);
    expect(data.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(
      histogramPoint({
        buckets: [
          [1, 5],
          [2, 3],
        ],
        count: 5,
        sum: 0,
      }),
    ).toBeUndefined();
  });

  it('COMMANDLOG only on Valkey 8.1+; its lengths and settings by redis_exporter name', () => {
    expect([hasCommandLog('8.0.1'), hasCommandLog('8.1.0'), hasCommandLog('9.0.0'), hasCommandLog(undefined)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(commandlogSamples([3, new Error('x'), 0])).toEqual([
      { name: 'commandlog_slow_length', value: 3 },
      { name: 'commandlog_large_reply_length', value: 0 },
    ]);
    const config = configSamples([
      ['commandlog-execution-slower-than', '10000', 'commandlog-large-reply-max-len', '128'],
    ]);
    expect(config.samples).toEqual([
      { name: 'commandlog_execution_slower_than', value: 10000 },
      { name: 'commandlog_large_reply_max_len', value: 128 },
    ]);
  });

  it('client-output-buffer-limit → bytes per class and limit, soft seconds', () => {
    const samples = outputBufferLimitSamples('normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(samples).toHaveLength(9);
    expect(samples).toContainEqual({
      name: 'config_client_output_buffer_limit_bytes',
      labels: { class: 'slave', limit: 'hard' },
      value: 268435456,
    });
    expect(samples).toContainEqual({
      name: 'config_client_output_buffer_limit_overcome_seconds',
      labels: { class: 'pubsub', limit: 'soft' },
      value: 60,
    });
    expect(configSamples([['repl-backlog-size', '1048576']]).samples).toEqual([
      { name: 'config_repl_backlog_size', value: 1048576 },
    ]);
  });

  it('Sentinel: last ok ping in seconds; peer info only when asked', () => {
    const master = { name: 'm', ip: '127.0.0.1', port: '6379', 'last-ok-ping-reply': '850' };
    const detail = {
      master,
      ckquorum: { ok: true, message: 'OK' },
      replicas: [],
      sentinels: [{ name: 'abc', ip: '127.0.0.1', port: '26380', runid: 'abc', flags: 'sentinel' }],
    };
    const without = sentinelMasterSamples(detail);
    expect(without.find((s) => s.name === 'sentinel_master_last_ok_ping_reply_seconds')?.value).toBe(0.85);
    expect(without.some((s) => s.name === 'sentinel_peer_info')).toBe(false);
    expect(
      sentinelMasterSamples(detail, { peerInfo: true }).find((s) => s.name === 'sentinel_peer_info')?.labels,
    ).toEqual({
      master_name: 'm',
      master_address: '127.0.0.1:6379',
      name: 'abc',
      ip: '127.0.0.1',
      port: '26380',
      runid: 'abc',
      flags: 'sentinel',
    });
  });
});
