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
        runbookUrl: safeUrl(rule.annotations?.runbook_url ?? fromAm[0]?.annotations?.runbook_url),
        instances: Math.max(rule.alerts?.length ?? 0, fromAm.length),
      });
    }
  }
  return rows.sort((a, b) => (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) || a.name.localeCompare(b.name));
}
