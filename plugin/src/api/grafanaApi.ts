import { lastValueFrom } from 'rxjs';
import { getBackendSrv, getDataSourceSrv } from '@grafana/runtime';
import { parsePromResult, PromApiBody } from '../data/prometheusResponse';
import { Series } from '../data/series';
import { AmAlert, RulesBody } from '../data/alerts';
import { SilenceBody } from '../data/silences';

async function get<T>(url: string, params?: Record<string, string | number>): Promise<T> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<T>({ url, params, method: 'GET', showErrorAlert: false, showSuccessAlert: false })
  );
  return response.data;
}

/** The configured Prometheus datasource, else the first Prometheus one Grafana knows. */
export function resolvePrometheusUid(configured?: string): string | undefined {
  if (configured) {
    return configured;
  }
  return getDataSourceSrv().getList({ type: 'prometheus' })[0]?.uid;
}

const proxy = (uid: string) => `/api/datasources/proxy/uid/${encodeURIComponent(uid)}/api/v1`;

/** Instant query at `time` (unix ms) through Grafana's datasource proxy. */
export async function promInstant(uid: string, expr: string, time: number): Promise<Series[]> {
  return parsePromResult(await get<PromApiBody>(`${proxy(uid)}/query`, { query: expr, time: time / 1000 }));
}

/**
 * Range query with about `points` steps: ~200 keep sparklines light; a timeline asks for more so a failover shortly
 * after a series appeared still has a sample on each side of it.
 */
export async function promRange(uid: string, expr: string, from: number, to: number, points = 200): Promise<Series[]> {
  const step = rangeStepSeconds(from, to, points);
  return parsePromResult(
    await get<PromApiBody>(`${proxy(uid)}/query_range`, { query: expr, start: from / 1000, end: to / 1000, step })
  );
}

export function rangeStepSeconds(from: number, to: number, points = 200): number {
  return Math.max(1, Math.ceil((to - from) / 1000 / points));
}

export const fetchAlertRules = () => get<RulesBody>('/api/prometheus/grafana/api/v1/rules');
export const fetchFiringAlerts = () =>
  get<AmAlert[]>('/api/alertmanager/grafana/api/v2/alerts', { active: 'true', silenced: 'true', inhibited: 'true' });

/** Creates a silence through Grafana's Alertmanager API; answers `{silenceID}`. */
export async function createSilence(body: SilenceBody): Promise<{ silenceID?: string }> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<{ silenceID?: string }>({
      url: '/api/alertmanager/grafana/api/v2/silences',
      method: 'POST',
      data: body,
      showErrorAlert: false,
      showSuccessAlert: false,
    })
  );
  return response.data;
}
