import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTool, tempDir, type ToolResult } from '@redis-lens/testkit';
import { parseAllDocuments, stringify } from 'yaml';

/** The chart under test, rendered and installed by the real helm. */
export const CHART_DIR = join(__dirname, '..', '..', 'helm', 'redis-lens');

/** Every API group/version/kind the chart gates a resource on, as `helm --api-versions` takes them. */
export const OPERATOR_API_VERSIONS = [
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PodMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
  'monitoring.coreos.com/v1alpha1/ScrapeConfig',
  'monitoring.coreos.com/v1alpha1/AlertmanagerConfig',
  'grafana.integreatly.org/v1beta1/GrafanaDashboard',
  'opentelemetry.io/v1beta1/OpenTelemetryCollector',
];

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- read-back objects of many kinds
  data?: Record<string, string>;
}

let helmHome: string | undefined;

/**
 * `helm` (built by set-up) run synchronously, so a describe block can render at collection time; its cache, config
 * and data live in a temp dir (as the kit's runHelm does), never in the user's home. Installs use runHelm.
 */
export function helm(args: string[], timeoutMs = 60_000): ToolResult {
  helmHome ??= tempDir('chart-helm');
  const env = {
    HELM_CACHE_HOME: join(helmHome, 'cache'),
    HELM_CONFIG_HOME: join(helmHome, 'config'),
    HELM_DATA_HOME: join(helmHome, 'data'),
    KUBECONFIG: join(helmHome, 'no-kubeconfig'),
  };
  return runTool('helm', args, { timeoutMs, env });
}

/** A values file for `-f` (values go through a file, as users pass them, not through `--set` string parsing). */
export function valuesFile(values: object, dir = tempDir('chart-values')): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `values-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, stringify(values));
  return path;
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJSON() as K8sObject | null)
    .filter((obj): obj is K8sObject => Boolean(obj));
}

/** `helm template` with these values; throws with helm's message if it fails. */
export function renderChart(
  values: object,
  options: { apiVersions?: string[]; namespace?: string; release?: string; extraArgs?: string[] } = {},
): K8sObject[] {
  const result = helm([
    'template',
    options.release ?? 'lens',
    CHART_DIR,
    '--namespace',
    options.namespace ?? 'monitoring',
    '-f',
    valuesFile(values),
    ...(options.apiVersions ?? OPERATOR_API_VERSIONS).flatMap((v) => ['--api-versions', v]),
    ...(options.extraArgs ?? []),
  ]);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseManifests(result.stdout);
}

export const kinds = (objects: K8sObject[]) => objects.map((o) => o.kind).sort();
export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
export function one(objects: K8sObject[], kind: string): K8sObject {
  const found = ofKind(objects, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}
