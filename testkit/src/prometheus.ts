import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getJson, getText } from './http';
import { freePort, releasePort } from './ports';
import { removeDir, spawnManaged, tempDir, type ManagedProcess } from './process';
import { waitFor, type WaitOptions } from './wait';

export interface ScrapeTarget {
  job: string;
  targets: string[];
  metricsPath?: string;
  params?: Record<string, string[]>;
  scheme?: 'http' | 'https';
  /** Raw YAML-compatible extras merged into the scrape config (basic_auth, tls_config, relabel_configs…). */
  extra?: Record<string, unknown>;
}

export interface StartPrometheusOptions {
  /** `host:port` strings (job "test") or full targets. */
  scrapeTargets?: (string | ScrapeTarget)[];
  ruleFiles?: string[];
  /** Prometheus duration, e.g. "1s". Also used as scrape interval unless `scrapeInterval` is set. */
  evalInterval?: string;
  scrapeInterval?: string;
  /** `host:port` of Alertmanagers to send alerts to. */
  alertmanagers?: string[];
  extraArgs?: string[];
  /**
   * Run this config file as is instead of one generated from the options above (its relative `rule_files` resolve
   * against its own directory, as Prometheus does).
   */
  configFile?: string;
  /** A port reserved with `freePort()` (for programs that must know it before Prometheus starts). */
  port?: number;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly process: ManagedProcess;
  /** Instant query; returns the vector (or throws with Prometheus's error). */
  query(expr: string): Promise<PromSample[]>;
  /** Polls `expr` until `accept` likes the result. */
  waitForQuery(expr: string, accept?: (samples: PromSample[]) => boolean, options?: WaitOptions): Promise<PromSample[]>;
  /** Active scrape targets with health and last error. */
  targets(): Promise<Array<{ labels: Record<string, string>; health: string; lastError: string }>>;
  alerts(): Promise<Array<{ labels: Record<string, string>; annotations: Record<string, string>; state: string }>>;
  stop(): Promise<void>;
}

interface PromResponse<T> {
  status: string;
  data: T;
  error?: string;
}

/** JSON is a subset of YAML, so the config is written as JSON: no YAML dependency, no quoting surprises. */
function configFor(opts: StartPrometheusOptions): string {
  const evalInterval = opts.evalInterval ?? '1s';
  const scrapeConfigs = (opts.scrapeTargets ?? []).map((target) => {
    const t: ScrapeTarget = typeof target === 'string' ? { job: 'test', targets: [target] } : target;
    return {
      job_name: t.job,
      metrics_path: t.metricsPath ?? '/metrics',
      scheme: t.scheme ?? 'http',
      ...(t.params ? { params: t.params } : {}),
      static_configs: [{ targets: t.targets }],
      ...(t.extra ?? {}),
    };
  });
  return JSON.stringify(
    {
      global: { scrape_interval: opts.scrapeInterval ?? evalInterval, evaluation_interval: evalInterval },
      rule_files: opts.ruleFiles ?? [],
      ...(opts.alertmanagers?.length
        ? { alerting: { alertmanagers: [{ static_configs: [{ targets: opts.alertmanagers }] }] } }
        : {}),
      scrape_configs: scrapeConfigs,
    },
    null,
    2,
  );
}

/** Starts Prometheus 3 (built by `npm run setup`) on a loopback port with its own TSDB dir. */
export async function startPrometheus(opts: StartPrometheusOptions = {}): Promise<PrometheusServer> {
  const port = opts.port ?? (await freePort());
  const dir = tempDir('prometheus');
  const configFile = opts.configFile ?? join(dir, 'prometheus.yml');
  if (!opts.configFile) writeFileSync(configFile, configFor(opts));
  const proc = spawnManaged(
    `prometheus:${port}`,
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(opts.extraArgs ?? []),
    ],
    { cwd: dir, logFile: join(dir, 'prometheus.log') },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `prometheus on ${port} to be ready`,
      async () => {
        if (!proc.isRunning()) throw new Error(`prometheus exited:\n${proc.logs()}`);
        return (await getText(`${url}/-/ready`)).status === 200;
      },
      { timeoutMs: 30_000 },
    );
  } catch (error) {
    await proc.stop();
    releasePort(port);
    throw error;
  }

  const api = async <T>(path: string): Promise<T> => {
    const body = await getJson<PromResponse<T>>(`${url}${path}`);
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  };

  const server: PrometheusServer = {
    url,
    port,
    dir,
    process: proc,
    async query(expr) {
      const data = await api<{ resultType: string; result: PromSample[] }>(
        `/api/v1/query?query=${encodeURIComponent(expr)}`,
      );
      return data.result;
    },
    waitForQuery(expr, accept = (samples) => samples.length > 0, options = { timeoutMs: 30_000 }) {
      return waitFor(
        `prometheus query ${expr}`,
        async () => {
          const samples = await server.query(expr);
          return accept(samples) ? samples : undefined;
        },
        options,
      );
    },
    async targets() {
      const data = await api<{
        activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }>;
      }>('/api/v1/targets');
      return data.activeTargets;
    },
    async alerts() {
      const data = await api<{
        alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string>; state: string }>;
      }>('/api/v1/alerts');
      return data.alerts;
    },
    async stop() {
      await proc.stop();
      releasePort(port);
      removeDir(dir);
    },
  };
  return server;
}
