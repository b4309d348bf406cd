import { join } from 'node:path';
import { alertsMarkdown } from './alert-docs';
import { alertsFor } from './alerts';
import { alertmanagerConfig } from './alertmanager-config';
import {
  grafanaAlertRules,
  grafanaContactPoints,
  grafanaMuteTimings,
  grafanaPolicies,
  grafanaTemplates,
} from './grafana-alerting';
import { grafanaDashboardProvider, grafanaDatasources, grafanaPluginApps } from './grafana-provisioning';
import { NOTIFICATION_TEMPLATES } from './notification-templates';
import { SHIPPED_PARAMS, type BundleParams } from './params';
import { prometheusRules } from './prometheus-rules';
import { PLUGIN_RUNBOOKS_MODULE, runbookPagesModule } from './runbook-pages';
import { toYaml } from './yaml-output';
import { dashboardFiles } from './dashboards';
import { helmChartFiles } from './helm-chart';

/** Repository root: generated files live beside docker-compose.yml. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** Every generated file, keyed by its path relative to the repository root. */
export function generatedFiles(params: BundleParams = SHIPPED_PARAMS): Record<string, string> {
  return {
    'provisioning/alerting/rules.yaml': toYaml(grafanaAlertRules(params, alertsFor(params))),
    'provisioning/alerting/contact-points.yaml': toYaml(grafanaContactPoints()),
    'provisioning/alerting/policies.yaml': toYaml(grafanaPolicies(params.routing)),
    'provisioning/alerting/templates.yaml': toYaml(grafanaTemplates()),
    'provisioning/alerting/mute-timings.yaml': toYaml(grafanaMuteTimings(params.routing)),
    'provisioning/datasources/datasources.yaml': toYaml(grafanaDatasources()),
    'provisioning/dashboards/redis-lens.yaml': toYaml(grafanaDashboardProvider()),
    'provisioning/plugins/redis-lens.yaml': toYaml(grafanaPluginApps(params)),
    'collector/prometheus/rules/redis-lens.rules.yml': toYaml(prometheusRules(params, alertsFor(params))),
    'collector/alertmanager/alertmanager.yml': toYaml(alertmanagerConfig(params)),
    'collector/alertmanager/templates/redis-lens.tmpl': NOTIFICATION_TEMPLATES,
    ...dashboardFiles(),
    ...helmChartFiles(params, REPO_ROOT, dashboardFiles()),
    'docs/alerts.md': alertsMarkdown(params),
    [PLUGIN_RUNBOOKS_MODULE]: runbookPagesModule(REPO_ROOT),
  };
}
