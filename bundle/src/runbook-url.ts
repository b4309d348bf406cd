import type { AlertDefinition } from './alerts';
import { PLUGIN_APP_ID } from './grafana-provisioning';
import type { BundleParams } from './params';

/**
 * Every alert's `runbook_url` opens the app plugin's runbook page in the operator's own Grafana, with the alert's
 * labels in the query so the page can show the live state of the thing that fired. One template serves Prometheus
 * and Grafana-managed rules: both expand annotations with Go's text/template, whose `urlquery` builtin escapes the
 * values, and a `{{ with }}` per label leaves nothing behind for a label the alert does not carry.
 */
export const RUNBOOK_PAGE_PATH = `/a/${PLUGIN_APP_ID}/runbooks/`;

/**
 * Labels the page can use: `instance` and `job` (a plain series keeps them), every label the query groups by, and
 * every label an annotation names. Derived from the alert itself, so a new alert needs nothing here.
 */
export function runbookLabels(alert: AlertDefinition): string[] {
  const names = new Set(['instance', 'job']);
  for (const [, list] of alert.query.matchAll(/\bby\s*\(([^)]*)\)/g)) {
    for (const name of list.split(',')) names.add(name.trim());
  }
  for (const [, name] of `${alert.summary} ${alert.description}`.matchAll(/\$labels\.(\w+)/g)) names.add(name);
  return [...names].filter((name) => /^\w+$/.test(name)).sort();
}

const pageUrl = (alert: AlertDefinition, params: BundleParams) =>
  `${params.grafanaRootUrl.replace(/\/+$/, '')}${RUNBOOK_PAGE_PATH}${alert.name}?alertname=${alert.name}`;

/** The `runbook_url` annotation: a template both Prometheus and Grafana expand. */
export function runbookUrl(alert: AlertDefinition, params: BundleParams): string {
  const labels = runbookLabels(alert).map((l) => `{{ with $labels.${l} }}&${l}={{ urlquery . }}{{ end }}`);
  return pageUrl(alert, params) + labels.join('');
}

/** Go's url.QueryEscape (what `urlquery` does): like encodeURIComponent, but also `!'()*`, and space as `+`. */
export function goQueryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** What `runbookUrl` expands to for an alert with these labels (tests compare it with what Prometheus sent). */
export function expandedRunbookUrl(alert: AlertDefinition, params: BundleParams, labels: Record<string, string>) {
  const query = runbookLabels(alert)
    .filter((l) => labels[l])
    .map((l) => `&${l}=${goQueryEscape(labels[l])}`);
  return pageUrl(alert, params) + query.join('');
}
