/**
 * The shipped stack, laid out as docker-compose.yml lays it out, on loopback: a password-protected master + 2
 * replicas + 3 Sentinels (LFU policy), the redis-lens exporter (scraped by Prometheus; its failover traces pushed
 * over OTLP), the demo workload pushing OTLP traces and metrics, the real collector running
 * collector/otelcol-config.yaml, and the real Prometheus 3 running collector/prometheus/prometheus.yml with its rule
 * files and the flags compose passes. Only hostnames and ports differ from compose: the collector's through the
 * `${env:…}` variables compose would set, Prometheus's by replacing each compose `host:port` in its config.
 * Tempo is AGPL and does not run here: an OTLP/gRPC sink stands in for it (testkit's startOtlpTraceSink), so its
 * `tempo` scrape job points at a closed port and is down.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  freePort,
  releasePort,
  removeDir,
  spawnManaged,
  startCollector,
  startOtlpTraceSink,
  startPrometheus,
  startRedisLensExporter,
  startSentinelTopology,
  tempDir,
  type Collector,
  type ManagedProcess,
  type OtlpTraceSink,
  type PrometheusServer,
  type RedisLensExporter,
  type SentinelTopology,
} from '@redis-lens/testkit';
import { REPO_ROOT } from '../../src/outputs';

export interface PipelineStack {
  topology: SentinelTopology;
  exporter: RedisLensExporter;
  demo: ManagedProcess;
  collector: Collector;
  sink: OtlpTraceSink;
  prometheus: PrometheusServer;
  stop(): Promise<void>;
}

const PASSWORD = 'stack-password';
const shipped = (path: string) => join(REPO_ROOT, path);

/** Prometheus's flags from docker-compose.yml, less the two that name container paths (the kit sets those). */
export function composePrometheusFlags(): string[] {
  const compose = parse(readFileSync(shipped('docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: { prometheus: { command: string[] } };
  };
  return compose.services.prometheus.command.filter(
    (flag) => !flag.startsWith('--config.file=') && !flag.startsWith('--storage.tsdb.path='),
  );
}

/** The shipped prometheus.yml with each compose `host:port` replaced; its rules/ directory beside it. */
function prometheusConfigDir(hosts: Record<string, string>): string {
  const dir = tempDir('prometheus-config');
  let text = readFileSync(shipped('collector/prometheus/prometheus.yml'), 'utf8');
  for (const [from, to] of Object.entries(hosts)) text = text.split(from).join(to);
  const unmapped = /\b(?:exporter|collector|tempo|redis-[\w-]+|sentinel-\d|localhost):\d+/.exec(text);
  if (unmapped) throw new Error(`prometheus.yml names ${unmapped[0]}, which this stack does not map to loopback`);
  writeFileSync(join(dir, 'prometheus.yml'), text);
  mkdirSync(join(dir, 'data'), { recursive: true });
  symlinkSync(shipped('collector/prometheus/rules'), join(dir, 'rules'));
  return dir;
}

export async function startPipelineStack(): Promise<PipelineStack> {
  const started: Array<{ stop(): Promise<void> }> = [];
  // One at a time, newest first (the demo flushes to a collector still running), every stop attempted.
  const stopAll = async () => {
    let failure: unknown;
    for (const part of started.reverse()) await part.stop().catch((error: unknown) => (failure ??= error));
    if (failure) throw failure;
  };
  try {
    const topology = await startSentinelTopology({
      replicas: 2,
      sentinels: 3,
      redis: { maxmemoryPolicy: 'allkeys-lfu', maxmemory: '256mb', password: PASSWORD },
      sentinelPassword: PASSWORD,
    });
    started.push(topology);
    const sink = await startOtlpTraceSink();
    started.push(sink);

    // The collector sends to Prometheus and Prometheus scrapes the collector: reserve Prometheus's port first.
    const prometheusPort = await freePort();
    const collector = await startCollector({
      configFile: shipped('collector/otelcol-config.yaml'),
      tempo: sink.otlpGrpc,
      prometheus: `127.0.0.1:${prometheusPort}`,
    });
    started.push(collector);

    const [master, replica1, replica2] = topology.nodes;
    const redisHosts: Record<string, string> = {
      'redis-master:6379': `127.0.0.1:${master.port}`,
      'redis-replica-1:6379': `127.0.0.1:${replica1.port}`,
      'redis-replica-2:6379': `127.0.0.1:${replica2.port}`,
      ...Object.fromEntries(topology.sentinels.map((s, i) => [`sentinel-${i + 1}:26379`, `127.0.0.1:${s.port}`])),
    };
    const compose = parse(readFileSync(shipped('docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: { exporter: { environment: Record<string, string> } };
    };
    const allowed = compose.services.exporter.environment.SCRAPE_ALLOWED_TARGETS.split(',').map((target) =>
      target.replace(/\/\/([\w-]+:\d+)/, (_m, host: string) => `//${redisHosts[host]}`),
    );
    const sentinels = topology.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
    const exporter = await startRedisLensExporter(
      redisHosts['redis-master:6379'],
      [
        `--sentinel.addrs=${sentinels}`,
        `--sentinel.master-name=${topology.masterName}`,
        `--scrape.allowed-targets=${allowed.join(',')}`,
        '--hotkeys.interval=500ms',
      ],
      {
        REDIS_PASSWORD: PASSWORD,
        SENTINEL_PASSWORD: PASSWORD,
        // As compose: failover traces to the collector, metrics scraped only.
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl,
        OTEL_METRICS_EXPORTER: 'none',
      },
    );
    started.push(exporter);

    const demoDir = tempDir('demo');
    const demo = spawnManaged(
      'redis-lens-demo',
      process.execPath,
      [
        join(REPO_ROOT, 'demo', 'bin', 'redis-lens-demo.js'),
        ...['--sentinels', sentinels, '--master-name', topology.masterName],
        ...['--port', '0'],
        ...['--duration', '300', '--requests', '1000000000', '--concurrency', '2'],
      ],
      {
        env: {
          ...process.env,
          REDIS_PASSWORD: PASSWORD,
          SENTINEL_PASSWORD: PASSWORD,
          OTEL_SERVICE_NAME: 'redis-lens-demo',
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        },
        logFile: join(demoDir, 'demo.log'),
      },
    );
    started.push({
      async stop() {
        await demo.stop();
        removeDir(demoDir);
      },
    });

    // Tempo's port is closed here (see above): a port nothing listens on.
    const closedPort = await freePort();
    const configDir = prometheusConfigDir({
      ...redisHosts,
      'exporter:9121': exporter.address,
      'collector:8888': collector.telemetry,
      'tempo:3200': `127.0.0.1:${closedPort}`,
      'localhost:9090': `127.0.0.1:${prometheusPort}`,
    });
    started.push({
      async stop() {
        releasePort(closedPort);
        removeDir(configDir);
      },
    });
    const prometheus = await startPrometheus({
      configFile: join(configDir, 'prometheus.yml'),
      port: prometheusPort,
      extraArgs: composePrometheusFlags(),
    });
    started.push(prometheus);

    return { topology, exporter, demo, collector, sink, prometheus, stop: stopAll };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
