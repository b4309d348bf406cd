// The shipped pipeline, end to end, on the real programs (see support/pipeline-stack.ts): the demo workload and the
// exporter push OTLP to the collector built from collector/builder-config.yaml running collector/otelcol-config.yaml;
// it sends metrics (the library's, and span metrics with exemplars) to Prometheus 3's OTLP receiver and traces to an
// OTLP/gRPC sink standing in for Tempo (AGPL: it cannot run here). Prometheus runs the shipped prometheus.yml and
// rule files with compose's flags. After one real failover, every dashboard query returns data, and series,
// exemplars and spans are read back through Prometheus's API and from the sink.
import { dashboardQueries, expectedEmpty, substituteVariables } from './support/dashboard-queries';
import { startPipelineStack, type PipelineStack } from './support/pipeline-stack';

// The Redis Cluster dashboard needs a cluster: dashboards-cluster-data.test.ts checks its queries on one.
const queries = dashboardQueries().filter((q) => !q.where.startsWith('dashboards/redis-cluster.json'));
/** Series this stack does not produce yet, each with the reason. */
const EMPTY_HERE: Record<string, string> = {
  redislens_session_breaker_transitions_total: 'counts breaker transitions; a healthy demo has none',
  redislens_session_warm_loaded_total: 'the demo starts with an empty store, so it passes no sessions to warm',
  // The memory dashboard's per-shard panels need a Redis Cluster: dashboards-cluster-data.test.ts checks them on one.
  'redis_memory_used_bytes{role="master"}': 'no cluster here: per-node series carry no role label',
  '{shard!=""}': 'no cluster here: the sampler adds a shard label only in cluster mode',
  // Element counts (STRLEN, LLEN, …) touch LFU counters, so the sampler skips them under this stack's allkeys-lfu.
  redis_key_group_elements: 'the stack runs allkeys-lfu for hot keys, where the sampler counts no elements',
};
const emptyHere = (expr: string) => expectedEmpty(EMPTY_HERE, expr);
const substitute = substituteVariables;

let stack: PipelineStack;

beforeAll(async () => {
  stack = await startPipelineStack();
  const { prometheus, topology } = stack;
  const long = { timeoutMs: 90_000 };
  await prometheus.waitForQuery('redislens_session_validations_total', undefined, long);
  await topology.failover('sentinel');
  await prometheus.waitForQuery('redis_sentinel_failovers_total', undefined, long);
  // span_metrics flushes every 15 s; then enough samples after the failover for rate() over 1m.
  await prometheus.waitForQuery('traces_span_metrics_calls_total', undefined, long);
  await new Promise((resolve) => setTimeout(resolve, 20_000));
}, 360_000);
afterAll(async () => {
  await stack?.stop();
});

describe('dashboard queries return data from the shipped pipeline', () => {
  it('scrapes every node and Sentinel through the shipped jobs', async () => {
    const up = await stack.prometheus.query('redis_up');
    expect(up.filter((s) => s.value[1] === '1')).toHaveLength(6);
  });

  it('checks every query, collector-derived ones included', () => {
    expect(queries.length).toBeGreaterThan(50);
    expect(queries.some((q) => q.expr.includes('traces_span_metrics_'))).toBe(true);
  });

  it.each(queries.map((q) => [q.where, q.expr]))('%s', async (_where, expr) => {
    const samples = await stack.prometheus.query(substitute(expr));
    const reason = emptyHere(expr);
    if (reason) expect([expr, samples.length, EMPTY_HERE[reason]]).toEqual([expr, 0, EMPTY_HERE[reason]]);
    else expect(samples.length).toBeGreaterThan(0);
  });
});

describe('the collector carries the shipped pipelines', () => {
  const instant = async (expr: string) => (await stack.prometheus.query(expr)).length;

  it("library metrics arrive through Prometheus 3's OTLP receiver, labelled with the service", async () => {
    expect(await instant('db_client_operation_duration_seconds_count{job="redis-lens-demo"}')).toBeGreaterThan(0);
    expect(await instant('redislens_session_validations_total{job="redis-lens-demo"}')).toBeGreaterThan(0);
  });

  it('span metrics carry the configured dimensions', async () => {
    expect(
      await instant('traces_span_metrics_calls_total{service_name="redis-lens-demo",db_system_name="redis"}'),
    ).toBeGreaterThan(0);
  });

  it('span-metric exemplars point at traces that reached the Tempo stand-in', async () => {
    const end = Date.now() / 1000;
    const url =
      `${stack.prometheus.url}/api/v1/query_exemplars?query=${encodeURIComponent('traces_span_metrics_duration_seconds_bucket')}` +
      `&start=${end - 600}&end=${end}`;
    const body = (await (await fetch(url)).json()) as {
      data: Array<{ exemplars: Array<{ labels: Record<string, string> }> }>;
    };
    const traceIds = body.data.flatMap((series) => series.exemplars.map((e) => e.labels.trace_id)).filter(Boolean);
    expect(traceIds.length).toBeGreaterThan(0);
    const sunk = new Set(stack.sink.spans().map((s) => s.traceId));
    expect(traceIds.filter((id) => sunk.has(id)).length).toBeGreaterThan(0);
  });

  it("spans from the demo and the exporter's failover trace reach the Tempo stand-in over OTLP/gRPC", () => {
    const spans = stack.sink.spans();
    expect(
      spans.filter((s) => s.serviceName === 'redis-lens-demo' && s.attributes['db.system.name'] === 'redis').length,
    ).toBeGreaterThan(0);
    expect(
      spans.filter((s) => s.serviceName === 'redis-lens-exporter' && s.name.startsWith('sentinel.failover')).length,
    ).toBeGreaterThan(0);
  });

  it("Prometheus scrapes the collector's own metrics and loaded the shipped rule files", async () => {
    // The collector's own exporter writes counters without `_total` (OTel naming): accept either.
    expect(await instant('{__name__=~"otelcol_receiver_accepted_spans(_total)?",receiver="otlp"}')).toBeGreaterThan(0);
    const rules = (await (await fetch(`${stack.prometheus.url}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ file: string; rules: unknown[] }> };
    };
    const files = rules.data.groups.map((g) => g.file);
    expect(files.some((f) => f.endsWith('redis-lens.rules.yml'))).toBe(true);
    expect(rules.data.groups.flatMap((g) => g.rules).length).toBeGreaterThan(5);
  });
});
