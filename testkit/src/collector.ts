import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getText } from './http';
import { freePort, releasePort } from './ports';
import { removeDir, spawnManaged, tempDir, type ManagedProcess } from './process';
import { waitFor } from './wait';

/**
 * The OpenTelemetry Collector built by `npm run setup` from collector/builder-config.yaml. The shipped
 * collector/otelcol-config.yaml names its addresses as `${env:NAME:-compose default}`; `startCollector` runs that
 * very file with the variables set to free loopback ports, the mechanism compose's `environment:` would use.
 */
export interface Collector {
  /** `127.0.0.1:port` of the OTLP/gRPC receiver. */
  readonly otlpGrpc: string;
  /** `http://127.0.0.1:port`, an OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly otlpHttpUrl: string;
  /** `127.0.0.1:port` of the collector's own Prometheus metrics. */
  readonly telemetry: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

export interface StartCollectorOptions {
  configFile: string;
  /** `host:port` the `otlp_grpc/tempo` exporter sends traces to. */
  tempo: string;
  /** `host:port` of Prometheus, whose OTLP receiver gets the metrics. */
  prometheus: string;
}

async function spawnCollector(
  name: string,
  configFile: string,
  env: Record<string, string>,
  healthPort: number,
  dir: string,
): Promise<ManagedProcess> {
  const proc = spawnManaged(name, 'otelcol', [`--config=${configFile}`], {
    cwd: dir,
    env: { ...process.env, ...env },
    logFile: join(dir, 'collector.log'),
  });
  try {
    await waitFor(
      `${name} health check on ${healthPort}`,
      async () => {
        if (!proc.isRunning()) throw new Error(`${name} exited:\n${proc.logs()}`);
        return (await getText(`http://127.0.0.1:${healthPort}/`)).status === 200;
      },
      { timeoutMs: 30_000 },
    );
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return proc;
}

export async function startCollector(options: StartCollectorOptions): Promise<Collector> {
  const ports = { health: 0, grpc: 0, http: 0, telemetry: 0 };
  for (const key of Object.keys(ports) as Array<keyof typeof ports>) ports[key] = await freePort();
  const dir = tempDir('otelcol');
  const release = () => Object.values(ports).forEach(releasePort);
  let proc: ManagedProcess;
  try {
    proc = await spawnCollector(
      `otelcol:${ports.grpc}`,
      options.configFile,
      {
        COLLECTOR_HEALTH_ENDPOINT: `127.0.0.1:${ports.health}`,
        COLLECTOR_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.grpc}`,
        COLLECTOR_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.http}`,
        COLLECTOR_TELEMETRY_HOST: '127.0.0.1',
        COLLECTOR_TELEMETRY_PORT: String(ports.telemetry),
        TEMPO_OTLP_GRPC_ENDPOINT: options.tempo,
        PROMETHEUS_ADDRESS: options.prometheus,
      },
      ports.health,
      dir,
    );
  } catch (error) {
    release();
    removeDir(dir);
    throw error;
  }
  return {
    otlpGrpc: `127.0.0.1:${ports.grpc}`,
    otlpHttpUrl: `http://127.0.0.1:${ports.http}`,
    telemetry: `127.0.0.1:${ports.telemetry}`,
    process: proc,
    async stop() {
      await proc.stop();
      release();
      removeDir(dir);
    },
  };
}

/** One OTLP/JSON span as the sink hands it to tests (trace and span ids are hex, as OTLP/JSON writes them). */
export interface SinkSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  serviceName: string;
  attributes: Record<string, unknown>;
}

export interface OtlpTraceSink {
  /** `127.0.0.1:port`: an OTLP/gRPC endpoint, where Tempo's distributor would listen. */
  readonly otlpGrpc: string;
  spans(): SinkSpan[];
  stop(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes?: OtlpAttribute[];
      }>;
    }>;
  }>;
}

const attributeRecord = (attributes: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(
    attributes.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.doubleValue ?? a.value.boolValue]),
  );

/**
 * Stands in for Tempo, which is AGPL (no module or binary of it here): a second instance of the built collector
 * receives OTLP/gRPC — the real protocol Tempo's distributor speaks — and forwards every span as OTLP/JSON over HTTP
 * to a server in this process, so tests read back exactly what the pipeline sent. Only components the shipped
 * config already uses (otlp receiver, otlp_http exporter, health_check), so the manifest stays exact.
 */
export async function startOtlpTraceSink(): Promise<OtlpTraceSink> {
  const received: SinkSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces;
        for (const rs of body.resourceSpans ?? []) {
          const serviceName = String(attributeRecord(rs.resource?.attributes)['service.name'] ?? '');
          for (const ss of rs.scopeSpans ?? []) {
            for (const span of ss.spans ?? []) {
              received.push({
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId || undefined,
                name: span.name,
                serviceName,
                attributes: attributeRecord(span.attributes),
              });
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const httpPort = (server.address() as { port: number }).port;
  const [grpc, health] = [await freePort(), await freePort()];
  const dir = tempDir('otlp-sink');
  const configFile = join(dir, 'sink.yaml');
  // JSON is YAML: no YAML dependency.
  writeFileSync(
    configFile,
    JSON.stringify({
      extensions: { health_check: { endpoint: `127.0.0.1:${health}` } },
      receivers: { otlp: { protocols: { grpc: { endpoint: `127.0.0.1:${grpc}` } } } },
      exporters: {
        otlp_http: { traces_endpoint: `http://127.0.0.1:${httpPort}/v1/traces`, encoding: 'json', compression: 'none' },
      },
      service: {
        extensions: ['health_check'],
        pipelines: { traces: { receivers: ['otlp'], exporters: ['otlp_http'] } },
        telemetry: { metrics: { level: 'none' } },
      },
    }),
  );
  const stopServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  let proc: ManagedProcess;
  try {
    proc = await spawnCollector(`otlp-sink:${grpc}`, configFile, {}, health, dir);
  } catch (error) {
    await stopServer();
    releasePort(grpc);
    releasePort(health);
    removeDir(dir);
    throw error;
  }
  return {
    otlpGrpc: `127.0.0.1:${grpc}`,
    spans: () => [...received],
    async stop() {
      await proc.stop();
      await stopServer();
      releasePort(grpc);
      releasePort(health);
      removeDir(dir);
    },
  };
}
