/** Alertmanager v2 silence, the body Grafana's `POST /api/alertmanager/grafana/api/v2/silences` takes. */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface SilenceBody {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export const SILENCE_DURATIONS = [
  { label: '1h', value: 3_600_000 },
  { label: '4h', value: 4 * 3_600_000 },
  { label: '1d', value: 24 * 3_600_000 },
  { label: '1w', value: 7 * 24 * 3_600_000 },
];

/**
 * A silence for exactly this alert: one equality matcher per label it carries, so other instances, groups or
 * alerts keep notifying.
 */
export function silenceFor(
  labels: Record<string, string>,
  durationMs: number,
  comment: string,
  createdBy: string,
  now = Date.now()
): SilenceBody {
  return {
    matchers: Object.entries(labels)
      .filter(([, value]) => value !== '')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + durationMs).toISOString(),
    createdBy,
    comment: comment.trim(),
  };
}
