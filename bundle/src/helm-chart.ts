import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertmanagerConfigSpec } from './alertmanager-config-crd';
import { alertsFor } from './alerts';
import {
  grafanaAlertRules,
  grafanaContactPoints,
  grafanaMuteTimings,
  grafanaPolicies,
  grafanaTemplates,
} from './grafana-alerting';
import { grafanaPluginApps } from './grafana-provisioning';
import type { BundleParams } from './params';
import { prometheusRules } from './prometheus-rules';
import { withValuesTable } from './helm-values-doc';
import { toYaml } from './yaml-output';

/** The Helm chart (deploy/helm/redis-lens); the files below are generated into it, everything else is hand-written. */
export const CHART_DIR = 'deploy/helm/redis-lens';

/**
 * Runbook links and the plugin's jsonData name Grafana's root URL, which only the installer knows: the chart's
 * copies carry this placeholder and the templates replace it with `grafana.rootUrl` (a valid URL, so promtool and
 * schema checks read the files as they are).
 */
export const CHART_GRAFANA_ROOT_URL = 'https://grafana.redis-lens.invalid/';

/** Dashboards are copied (Helm's `.Files` reads only inside the chart, and a symlink would not survive packaging). */
export function helmChartFiles(
  params: BundleParams,
  repoRoot: string,
  dashboards: Record<string, string>,
): Record<string, string> {
  const chartParams: BundleParams = { ...params, grafanaRootUrl: CHART_GRAFANA_ROOT_URL };
  const alerts = alertsFor(chartParams);
  const exporterVersion = (
    JSON.parse(readFileSync(join(repoRoot, 'exporter/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const files: Record<string, string> = {
    [`${CHART_DIR}/Chart.yaml`]: toYaml(chartYaml(exporterVersion)),
    [`${CHART_DIR}/files/prometheus-rules.yaml`]: toYaml(prometheusRules(chartParams, alerts)),
    [`${CHART_DIR}/files/alertmanager-config.yaml`]: toYaml(alertmanagerConfigSpec(chartParams)),
    [`${CHART_DIR}/files/grafana/plugins/redis-lens.yaml`]: toYaml(grafanaPluginApps(chartParams)),
    [`${CHART_DIR}/files/grafana/alerting/rules.yaml`]: toYaml(grafanaAlertRules(chartParams, alerts)),
    [`${CHART_DIR}/files/grafana/alerting/contact-points.yaml`]: toYaml(grafanaContactPoints()),
    [`${CHART_DIR}/files/grafana/alerting/policies.yaml`]: toYaml(grafanaPolicies(chartParams.routing)),
    [`${CHART_DIR}/files/grafana/alerting/templates.yaml`]: toYaml(grafanaTemplates()),
    [`${CHART_DIR}/files/grafana/alerting/mute-timings.yaml`]: toYaml(grafanaMuteTimings(chartParams.routing)),
    // The collector config is hand-written (collector/otelcol-config.yaml); the chart carries an exact copy.
    [`${CHART_DIR}/files/otelcol-config.yaml`]: readFileSync(join(repoRoot, 'collector/otelcol-config.yaml'), 'utf8'),
  };
  const read = (path: string) => readFileSync(join(repoRoot, CHART_DIR, path), 'utf8');
  files[`${CHART_DIR}/README.md`] = withValuesTable(read('README.md'), read('values.yaml'));
  for (const [path, content] of Object.entries(dashboards)) {
    files[`${CHART_DIR}/files/${path}`] = content;
  }
  return files;
}

/**
 * Chart.yaml: appVersion is the exporter package's version (the default image tag follows it); the chart is
 * released with the exporter, so its own version is the same number.
 */
export function chartYaml(exporterVersion: string) {
  return {
    apiVersion: 'v2',
    name: 'redis-lens',
    description:
      'Redis observability: the redis-lens exporter (a redis_exporter drop-in) with Prometheus Operator resources, alerts with runbooks, Grafana dashboards and the app plugin provisioning',
    type: 'application',
    version: exporterVersion,
    appVersion: exporterVersion,
    kubeVersion: '>=1.30.0-0',
    keywords: ['redis', 'prometheus', 'exporter', 'grafana', 'sentinel', 'redis-cluster'],
    annotations: { 'artifacthub.io/license': 'Apache-2.0' },
  };
}
