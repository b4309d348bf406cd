import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { RUNBOOKS, RunbookEntry } from './runbooks.generated';
import { Series } from './series';

export type { RunbookEntry };

/** Live context a runbook page shows beside the steps; `expression` (the alert's own query) is always there. */
export type ContextKind = 'hotkeys' | 'failover' | 'memory' | 'patterns' | 'instance' | 'expression';

export function findRunbook(name: string): RunbookEntry | undefined {
  return RUNBOOKS.find((r) => r.name === name);
}

export const allRunbooks = (): readonly RunbookEntry[] => RUNBOOKS;

/**
 * Which context fits: by the alert's subject (its name) and by the labels it carries, so an alert added to the
 * catalog later still gets the sections its labels allow (a `master_name` → topology and failovers).
 */
export function contextKinds(name: string, labels: Record<string, string>): ContextKind[] {
  const kinds = new Set<ContextKind>();
  if (/HotKey/.test(name) || labels.pattern) {
    kinds.add('hotkeys');
  }
  if (/Failover|Sentinel|Master/.test(name) || labels.master_name) {
    kinds.add('failover');
  }
  if (/Memory|Evict/.test(name)) {
    kinds.add('memory');
    // Which key patterns hold and grow the memory, the forecast and the eviction policy.
    kinds.add('patterns');
  }
  if (/Down|Replica|Rejected|Exporter|Master/.test(name) || (labels.instance && !kinds.has('memory'))) {
    kinds.add('instance');
  }
  kinds.add('expression');
  return [...kinds];
}

/** Alert labels from the page URL (`?alertname=…&instance=…`); empty values are dropped. */
export function labelsFromSearch(search: string): Record<string, string> {
  const labels: Record<string, string> = {};
  new URLSearchParams(search).forEach((value, key) => {
    if (value) {
      labels[key] = value;
    }
  });
  return labels;
}

/** The app's runbook page for an alert with these labels (the same page `runbook_url` opens). */
export function runbookHref(name: string, labels: Record<string, string> = {}): string {
  const query = new URLSearchParams({ alertname: name });
  for (const [key, value] of Object.entries(labels)) {
    if (key !== 'alertname' && value) {
      query.set(key, value);
    }
  }
  return `${PLUGIN_BASE_URL}/${ROUTES.Runbooks}/${encodeURIComponent(name)}?${query}`;
}

/** A summary template with the alert's labels filled in, as Prometheus and Grafana expand it. */
export function expandSummary(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? `<${name}>`);
}

/** Series that agree with every given label they carry (a series without the label is not excluded by it). */
export function matchingSeries(series: Series[], labels: Record<string, string>, names: string[]): Series[] {
  return series.filter((s) => names.every((n) => !labels[n] || s.labels[n] === undefined || s.labels[n] === labels[n]));
}
