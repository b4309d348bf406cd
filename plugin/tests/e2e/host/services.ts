import { DataSourceInstanceSettings } from '@grafana/data';
import { BackendSrv, BackendSrvRequest, DataSourceSrv, FetchResponse } from '@grafana/runtime';
import { from, lastValueFrom, Observable } from 'rxjs';

/** backendSrv over window.fetch: same request options and FetchResponse shape as Grafana's, errors as {status, data}. */
function fetchObservable<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return from(
    (async () => {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(options.params ?? {})) {
        query.set(k, String(v));
      }
      const url = query.toString() ? `${options.url}?${query}` : options.url;
      const response = await fetch(url, {
        method: options.method ?? 'GET',
        headers: options.data ? { 'content-type': 'application/json' } : undefined,
        body: options.data ? JSON.stringify(options.data) : undefined,
      });
      const text = await response.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      const result = {
        data: data as T,
        status: response.status,
        statusText: response.statusText,
        ok: response.ok,
        headers: response.headers,
        redirected: false,
        type: response.type,
        url,
        config: options,
      } as FetchResponse<T>;
      if (!response.ok) {
        throw { ...result, data: typeof data === 'object' ? data : { message: text } };
      }
      return result;
    })()
  );
}

const call =
  <T>(method: string) =>
  (url: string, data?: unknown) =>
    lastValueFrom(fetchObservable<T>({ url, method, data })).then((r) => r.data);

export const backendSrv = {
  fetch: fetchObservable,
  get: (url: string, params?: Record<string, string>) =>
    lastValueFrom(fetchObservable({ url, params })).then((r) => r.data),
  post: call('POST'),
  put: call('PUT'),
  delete: call('DELETE'),
  patch: call('PATCH'),
  request: (options: BackendSrvRequest) => lastValueFrom(fetchObservable(options)).then((r) => r.data),
  datasourceRequest: (options: BackendSrvRequest) => lastValueFrom(fetchObservable(options)),
} as unknown as BackendSrv;

/** The datasources this stand-in Grafana has: one Prometheus (forwarded to the real one) and one Tempo (links only). */
const instances = [
  { uid: 'prom', name: 'Prometheus', type: 'prometheus' },
  { uid: 'tempo', name: 'Tempo', type: 'tempo' },
].map(
  (d) =>
    ({
      ...d,
      id: d.uid === 'prom' ? 1 : 2,
      url: `/api/datasources/proxy/uid/${d.uid}`,
      access: 'proxy',
      readOnly: false,
      jsonData: {},
      meta: {
        id: d.type,
        name: d.type,
        type: 'datasource',
        info: { logos: { small: '', large: '' } },
        module: '',
        baseUrl: '',
      },
    }) as unknown as DataSourceInstanceSettings
);

const find = (ref: unknown) => {
  const key = typeof ref === 'string' ? ref : (ref as { uid?: string } | null | undefined)?.uid;
  return instances.find((d) => d.uid === key || d.name === key);
};

export const dataSourceSrv = {
  getList: (filters: { type?: string | string[] } = {}) =>
    instances.filter((d) => !filters.type || [filters.type].flat().includes(d.type)),
  getInstanceSettings: (ref: unknown) => find(ref),
  get: async (ref: unknown) => {
    const found = find(ref);
    if (!found) {
      throw new Error(`datasource ${String(ref)} not found`);
    }
    return found;
  },
  reload: async () => {},
  registerRuntimeDataSource: () => {},
} as unknown as DataSourceSrv;
