// The table test: every metric name and label set the current redis_exporter exports from INFO, CLUSTER INFO,
// SENTINEL, CONFIG, LATENCY, SLOWLOG and COMMANDLOG replies (fixtures/redis-exporter-names.json, derived from its
// source) must come out of redis-lens's parsers with the same labels, for the exact replies of every real server
// captured under fixtures/<server>-<version>/ (fixtures/README.md says how). Pure: no server runs here.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { catalogDef, passThroughName, type Sample } from '../src/catalog';
import { commandlogSamples, COMMANDLOG_TYPES } from '../src/commandlog';
import { configSamples } from '../src/config-metrics';
import { infoNumber, parseInfoReport } from '../src/info';
import { infoSamples } from '../src/info-metrics';
import { latencyHistogramSamples, latencySamples } from '../src/latency';
import { clusterInfoSamples } from '../src/scrape';
import { pairsToRecord, recordList, sentinelMasterSamples } from '../src/sentinel/masters';
import { slowlogSamples } from '../src/slowlog';

interface TableEntry {
  name: string;
  type: 'gauge' | 'counter' | 'histogram' | 'summary';
  labels: string[];
  source: string;
  field?: string;
  when?: { field: string; value?: string };
  shared?: boolean;
  reason?: string;
}

const FIXTURES = join(__dirname, 'fixtures');
const table = JSON.parse(readFileSync(join(FIXTURES, 'redis-exporter-names.json'), 'utf8')) as {
  metrics: TableEntry[];
};
const shared = table.metrics.filter((e) => e.shared !== false);
const servers = readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory());

/** Labels redis_exporter adds to instance_info only when the server reports the field. */
const OPTIONAL_LABELS: Record<string, string[]> = {
  instance_info: ['valkey_version', 'valkey_release_stage', 'availability_zone'],
};
/** INFO dumps of one fixture: data node, its replica, cluster nodes (Sentinel INFO is read separately). */
const DATA_INFO_FILES = [
  'info-all.txt',
  'replica-info-all.txt',
  'cluster-node-info-all.txt',
  'cluster-replica-info-all.txt',
];

function load(server: string) {
  const dir = join(FIXTURES, server);
  const text = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);
  const json = (f: string): unknown =>
    existsSync(join(dir, f)) ? JSON.parse(readFileSync(join(dir, f), 'utf8')) : undefined;
  return { dir, text, json };
}

/** What redis-lens exports from a fixture's replies: name → label-name lists seen. */
function redisLensOutput(server: string): { samples: Sample[]; infoTexts: string[]; sentinelInfo?: string } {
  const { text, json } = load(server);
  const samples: Sample[] = [];
  const infoTexts = DATA_INFO_FILES.map(text).filter((t): t is string => t !== undefined);
  for (const info of infoTexts) {
    const report = parseInfoReport(info);
    samples.push(...infoSamples(report, { dbCount: 16, nowSeconds: 2e9 }));
  }
  const main = parseInfoReport(infoTexts[0]);
  samples.push(...configSamples([json('config-get-all.json')]).samples);
  samples.push(...latencyHistogramSamples(json('latency-histogram.json'), main.commandstats));
  samples.push(...latencySamples(json('latency-latest.json')));
  samples.push(...slowlogSamples(json('slowlog-len.json'), json('slowlog-get-1.json')));
  samples.push(...commandlogSamples(COMMANDLOG_TYPES.map(([type]) => json(`commandlog-len-${type}.json`))));
  samples.push(...clusterInfoSamples(text('cluster-info.txt')));
  const sentinelInfo = text('sentinel-info-all.txt');
  if (sentinelInfo) samples.push(...infoSamples(parseInfoReport(sentinelInfo), { nowSeconds: 2e9 }));
  const ck = json('sentinel-ckquorum.json');
  for (const master of recordList(json('sentinel-masters.json'))) {
    samples.push(
      ...sentinelMasterSamples(
        {
          master,
          ckquorum: { ok: typeof ck === 'string', message: String(ck) },
          replicas: recordList(json('sentinel-replicas.json')),
          sentinels: recordList(json('sentinel-sentinels.json')),
        },
        { peerInfo: true },
      ),
    );
  }
  return { samples, infoTexts, sentinelInfo };
}

const infoLines = (texts: string[]) =>
  texts.flatMap((t) =>
    t.split(/\r?\n/).flatMap((line) => {
      const i = line.indexOf(':');
      return line.startsWith('#') || i <= 0 ? [] : [[line.slice(0, i), line.slice(i + 1).trim()] as const];
    }),
  );

/** The names redis_exporter would export from the same replies, by the table's rules. */
function expectedNames(server: string, infoTexts: string[], sentinelInfo?: string): Set<string> {
  const { text, json } = load(server);
  const data = infoLines(infoTexts);
  const sentinel = infoLines(sentinelInfo ? [sentinelInfo] : []);
  const config = pairsToRecord(json('config-get-all.json'));
  const nonEmpty = (f: string) => {
    const v = json(f);
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  };
  const out = new Set<string>();
  for (const e of shared) {
    const lines = e.source.includes('Sentinel') ? sentinel : data;
    let present = false;
    if (e.field) {
      present = data.some(([k, v]) => k === e.field && infoNumber(v) !== undefined);
    } else if (e.when) {
      const field = new RegExp(e.when.field);
      const value = e.when.value ? new RegExp(e.when.value) : undefined;
      present = lines.some(([k, v]) => field.test(k) && (!value || value.test(v)));
    } else if (e.name === 'cluster_*') {
      for (const line of (text('cluster-info.txt') ?? '').split(/\r?\n/)) {
        const [k, v] = line.split(':');
        const name = k?.startsWith('cluster_') ? passThroughName(k) : undefined;
        if (name && infoNumber(v?.trim()) !== undefined) out.add(name);
      }
    } else if (e.source === 'SENTINEL MASTERS') present = nonEmpty('sentinel-masters.json');
    else if (e.source === 'SENTINEL SENTINELS') present = nonEmpty('sentinel-sentinels.json');
    else if (e.source === 'CONFIG GET') {
      const param = e.name
        .replace(/^config_/, '')
        .replace(/_limit_.*$/, '_limit')
        .replace(/_/g, '-');
      present = config[param] !== undefined;
    } else if (e.source === 'CONFIG GET commandlog-*')
      present = Object.keys(config).some((k) => k.startsWith('commandlog-'));
    else if (e.source === 'COMMANDLOG LEN') present = nonEmpty('commandlog-len-slow.json');
    else if (e.source === 'LATENCY LATEST') present = nonEmpty('latency-latest.json');
    else if (e.source === 'LATENCY HISTOGRAM') present = nonEmpty('latency-histogram.json');
    else if (e.source.startsWith('SLOWLOG')) present = nonEmpty('slowlog-len.json');
    // scrape/exporter self-metrics and the RDB file size need a running exporter: exporter.test.ts and below.
    if (present) out.add(e.name);
  }
  return out;
}

const tableEntry = (name: string) =>
  shared.find((e) => e.name === name) ??
  (name.startsWith('cluster_') ? shared.find((e) => e.name === 'cluster_*') : undefined);

describe('redis_exporter name table (fixtures/redis-exporter-names.json)', () => {
  it('lists names with labels and a reason for every name redis-lens leaves out', () => {
    expect(shared.length).toBeGreaterThan(200);
    for (const e of table.metrics) {
      expect(e.name).toMatch(/^[a-z_][a-z0-9_*]*$/);
      if (e.shared === false) expect(e.reason).toBeTruthy();
    }
  });

  it('every shared name is in the catalog with the same kind (counters without _total stay gauges)', () => {
    const problems: string[] = [];
    for (const e of shared) {
      if (['scrape', 'exporter'].includes(e.source) || e.name === 'cluster_*') continue;
      const def = catalogDef(e.name);
      const want =
        e.type === 'summary' ? 'gauge' : e.type === 'counter' && !e.name.endsWith('_total') ? 'gauge' : e.type;
      if (!def) problems.push(`${e.name}: not in the catalog`);
      else if (def.kind !== want && !(e.type === 'gauge' && def.kind === 'gauge')) {
        problems.push(`${e.name}: ${def.kind}, redis_exporter ${e.type}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe.each(servers)('fixture %s', (server) => {
  const { samples, infoTexts, sentinelInfo } = redisLensOutput(server);
  const labelsOf = new Map<string, Set<string>>();
  for (const s of samples) {
    const key = Object.keys(s.labels ?? {})
      .sort()
      .join(',');
    if (!labelsOf.has(s.name)) labelsOf.set(s.name, new Set());
    labelsOf.get(s.name)!.add(key);
  }

  it('parses every INFO dump into the fields it holds', () => {
    const { dir } = load(server);
    for (const f of readdirSync(dir).filter((name) => /info.*\.txt$/.test(name) && !name.endsWith('.error.txt'))) {
      const raw = readFileSync(join(dir, f), 'utf8');
      // An INFO section the server does not have (INFO KEYSIZES before Redis 8) is an empty reply.
      if (!raw.trim()) continue;
      const report = parseInfoReport(raw);
      expect({ f, fields: report.fields.size > 5 || report.keyspace.length > 0 }).toEqual({ f, fields: true });
    }
  });

  it("exports every name redis_exporter exports from the same replies, with redis_exporter's labels", () => {
    const expected = expectedNames(server, infoTexts, sentinelInfo);
    expect(expected.size).toBeGreaterThan(100);
    const missing = [...expected].filter((n) => !labelsOf.has(n));
    expect(missing).toEqual([]);
    const labelProblems: string[] = [];
    for (const name of expected) {
      const entry = tableEntry(name);
      const optional = OPTIONAL_LABELS[name] ?? [];
      for (const set of labelsOf.get(name) ?? []) {
        const got = set ? set.split(',') : [];
        const required = [...(entry?.labels ?? [])].sort();
        const base = got.filter((l) => !optional.includes(l)).sort();
        // Summaries: redis_exporter's quantile label is the `quantile` of the summary itself.
        const expectedLabels = entry?.type === 'summary' ? [...required, 'quantile'].sort() : required;
        if (base.join(',') !== expectedLabels.join(',') && base.join(',') !== required.join(',')) {
          labelProblems.push(`${name}: {${got.join(',')}} vs {${required.join(',')}}`);
        }
      }
    }
    expect(labelProblems).toEqual([]);
    console.log(`${server}: ${expected.size} redis_exporter names from its replies, all exported by redis-lens`);
  });
});
