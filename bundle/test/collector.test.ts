// Collector, Tempo and Prometheus configs. The collector is the real one built by `npm run setup` (components and
// versions: test/versions.test.ts; the config running end to end: test/pipeline.test.ts); here it validates the
// shipped config. Tempo is AGPL and does not run here, so its config is checked structurally; Prometheus's config
// is checked by the real promtool.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from '@redis-lens/testkit';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/outputs';

const load = (path: string) => parse(readFileSync(join(REPO_ROOT, path), 'utf8'));

describe('collector config', () => {
  const config = load('collector/otelcol-config.yaml');
  const pipelines: Record<string, Record<string, string[]>> = config.service.pipelines;

  it('otelcol validate accepts it as shipped', () => {
    const result = runTool('otelcol', ['validate', `--config=${join(REPO_ROOT, 'collector/otelcol-config.yaml')}`]);
    expect([result.status, result.stderr]).toEqual([0, expect.not.stringMatching(/error/i)]);
  });

  it('every component a pipeline uses is defined, and every defined one is used', () => {
    const used = new Set<string>();
    for (const [name, pipeline] of Object.entries(pipelines)) {
      for (const kind of ['receivers', 'processors', 'exporters'] as const) {
        for (const id of pipeline[kind] ?? []) {
          const definedIn = kind !== 'processors' && config.connectors?.[id] !== undefined ? 'connectors' : kind;
          expect([name, kind, id, config[definedIn]?.[id] !== undefined]).toEqual([name, kind, id, true]);
          used.add(`${definedIn}:${id}`);
        }
      }
    }
    for (const kind of ['receivers', 'processors', 'exporters', 'connectors'] as const) {
      for (const id of Object.keys(config[kind] ?? {})) expect(used).toContain(`${kind}:${id}`);
    }
    for (const id of config.service.extensions) expect(config.extensions[id]).toBeDefined();
  });

  it('span_metrics connects traces to metrics (exporter of one pipeline, receiver of another)', () => {
    expect(pipelines.traces.exporters).toContain('span_metrics');
    expect(pipelines.metrics.receivers).toContain('span_metrics');
  });

  it('memory_limiter runs first; batching happens in the exporters’ sending queue', () => {
    for (const pipeline of Object.values(pipelines)) expect(pipeline.processors[0]).toBe('memory_limiter');
    for (const exporter of Object.values(config.exporters) as Array<{ sending_queue?: { batch?: object } }>) {
      expect(exporter.sending_queue?.batch).toBeDefined();
    }
  });

  it('takes OTLP over gRPC and HTTP; sends traces to Tempo and metrics to Prometheus (compose addresses by default)', () => {
    // `${env:NAME:-default}`: compose runs the defaults, the end-to-end test sets the variables to loopback ports.
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe('${env:COLLECTOR_OTLP_GRPC_ENDPOINT:-0.0.0.0:4317}');
    expect(config.receivers.otlp.protocols.http.endpoint).toBe('${env:COLLECTOR_OTLP_HTTP_ENDPOINT:-0.0.0.0:4318}');
    expect(config.exporters['otlp_grpc/tempo'].endpoint).toBe('${env:TEMPO_OTLP_GRPC_ENDPOINT:-tempo:4317}');
    expect(config.exporters['otlp_http/prometheus'].metrics_endpoint).toBe(
      'http://${env:PROMETHEUS_ADDRESS:-prometheus:9090}/api/v1/otlp/v1/metrics',
    );
  });
});

describe('tempo config', () => {
  const tempo = load('collector/tempo.yaml');
  it('receives OTLP on 0.0.0.0 inside its container', () => {
    expect(tempo.distributor.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
  });
  it('generates service graphs and span metrics, remote-written with exemplars', () => {
    expect(tempo.overrides.defaults.metrics_generator.processors).toEqual(
      expect.arrayContaining(['service-graphs', 'span-metrics']),
    );
    expect(tempo.metrics_generator.storage.remote_write).toEqual([
      { url: 'http://prometheus:9090/api/v1/write', send_exemplars: true },
    ]);
  });
});

describe('prometheus config', () => {
  it('promtool check config accepts it and the rule files it loads', () => {
    const result = runTool('promtool', ['check', 'config', join(REPO_ROOT, 'collector/prometheus/prometheus.yml')]);
    expect(result.stdout + result.stderr).toContain('SUCCESS: 1 rule files found');
    expect(result.stdout).toContain('redis-lens.rules.yml');
    expect(result.status).toBe(0);
  });
  it('scrapes the exporter every 5s and keeps exemplars', () => {
    const prom = load('collector/prometheus/prometheus.yml');
    const redis = prom.scrape_configs.find((s: { job_name: string }) => s.job_name === 'redis');
    expect(redis.static_configs[0].targets).toEqual(['exporter:9121']);
    expect(redis.scrape_interval).toBe('5s');
    expect(prom.storage.exemplars.max_exemplars).toBeGreaterThan(0);
  });
});
