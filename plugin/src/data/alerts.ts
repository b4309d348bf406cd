import { findRunbook, runbookHref } from './runbooks';

/** Rule and alert shapes of `/api/prometheus/grafana/api/v1/rules` and `/api/alertmanager/grafana/api/v2/alerts`. */
export interface RulesBody {
  status?: string;
  data?: { groups?: RuleGroup[] };
}

interface RuleGroup {
  name?: string;
  file?: string;
  rules?: Rule[];
}

interface Rule {
  name?: string;
  type?: string;
  state?: string;
  health?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  alerts?: Array<{ activeAt?: string; state?: string; annotations?: Record<string, string> }>;
}

export interface AmAlert {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  status?: { state?: string };
}

export interface AlertRow {
  name: string;
  group: string;
  /** firing, pending, inactive (from the rule) — or firing/suppressed from Alertmanager. */
  state: string;
  severity: string;
  /** unix ms of the earliest active instance. */
  since?: number;
  summary: string;
  runbookUrl?: string;
  instances: number;
}

const STATE_ORDER: Record<string, number> = { firing: 0, pending: 1, suppressed: 2, inactive: 3 };

/** Only http(s) links are rendered: a runbook annotation is operator text and must not become `javascript:`. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) {
    return undefined;
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

function earliest(times: Array<string | undefined>): number | undefined {
  const ms = times.map((t) => (t ? Date.parse(t) : NaN)).filter((t) => Number.isFinite(t) && t > 0);
  return ms.length ? Math.min(...ms) : undefined;
}

/** redis-lens rules are those whose group, file or rule name matches `filter` (a case-insensitive regex). */
export function buildAlertRows(rules: RulesBody, amAlerts: AmAlert[], filter: string): AlertRow[] {
  let match: RegExp;
  try {
    match = new RegExp(filter || '.', 'i');
  } catch {
    match = /redis/i;
  }
  const rows: AlertRow[] = [];
  for (const group of rules.data?.groups ?? []) {
    for (const rule of group.rules ?? []) {
      if (rule.type && rule.type !== 'alerting') {
        continue;
      }
      const name = rule.name ?? '';
      if (![name, group.name ?? '', group.file ?? ''].some((text) => match.test(text))) {
        continue;
      }
      const fromAm = amAlerts.filter((a) => a.labels?.alertname === name);
      const ruleState = rule.state ?? 'inactive';
      const silenced =
        ruleState === 'firing' && fromAm.length > 0 && fromAm.every((a) => a.status?.state === 'suppressed');
      rows.push({
        name,
        group: group.name ?? '',
        state: silenced ? 'suppressed' : ruleState,
        severity: rule.labels?.severity ?? fromAm[0]?.labels?.severity ?? '',
        since: earliest([...(rule.alerts ?? []).map((a) => a.activeAt), ...fromAm.map((a) => a.startsAt)]),
        // An active alert's summary has its template expanded; the rule's own is the raw `{{ $labels.x }}` text.
        summary:
          rule.alerts?.[0]?.annotations?.summary ?? fromAm[0]?.annotations?.summary ?? rule.annotations?.summary ?? '',
        // A catalog alert opens its page in this app; the rule's own runbook_url is an unexpanded template.
        runbookUrl: findRunbook(name)
          ? runbookHref(name)
          : safeUrl(rule.annotations?.runbook_url ?? fromAm[0]?.annotations?.runbook_url),
        instances: Math.max(rule.alerts?.length ?? 0, fromAm.length),
      });
    }
  }
  return rows.sort((a, b) => (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) || a.name.localeCompare(b.name));
}

export interface FiringAlert {
  name: string;
  labels: Record<string, string>;
  severity: string;
  /** `active` or `suppressed` (silenced or inhibited), as Alertmanager reports it. */
  state: string;
  since?: number;
  summary: string;
}

export interface FiringGroup {
  /** `group <master_name>`, `instance <address>` or `no instance` — what an operator acts on. */
  title: string;
  alerts: FiringAlert[];
}

/** Alertmanager's alerts for redis-lens rules (alertname matching `filter`), grouped by Sentinel group or instance. */
export function groupFiringAlerts(amAlerts: AmAlert[], filter: string): FiringGroup[] {
  let match: RegExp;
  try {
    match = new RegExp(filter || '.', 'i');
  } catch {
    match = /redis/i;
  }
  const groups = new Map<string, FiringAlert[]>();
  for (const a of amAlerts) {
    const labels = a.labels ?? {};
    const name = labels.alertname ?? '';
    if (!name || !match.test(name)) {
      continue;
    }
    const title = labels.master_name
      ? `group ${labels.master_name}`
      : labels.instance
        ? `instance ${labels.instance}`
        : 'no instance';
    const list = groups.get(title) ?? [];
    list.push({
      name,
      labels,
      severity: labels.severity ?? '',
      state: a.status?.state ?? 'active',
      since: earliest([a.startsAt]),
      summary: a.annotations?.summary ?? '',
    });
    groups.set(title, list);
  }
  const rank = (alerts: FiringAlert[]) => (alerts.some((x) => x.severity === 'critical') ? 0 : 1);
  return [...groups.entries()]
    .map(([title, alerts]) => ({ title, alerts: alerts.sort((x, y) => x.name.localeCompare(y.name)) }))
    .sort((x, y) => rank(x.alerts) - rank(y.alerts) || x.title.localeCompare(y.title));
}
