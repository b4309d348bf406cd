import { useMemo } from 'react';
import { resolvePrometheusUid } from '../api/grafanaApi';
import { useSettings } from '../settingsContext';

/** The Prometheus datasource uid the pages query, or an error text when none is configured or found. */
export function usePrometheusUid(): { uid?: string; missing?: string } {
  const settings = useSettings();
  return useMemo(() => {
    try {
      const uid = resolvePrometheusUid(settings.prometheusUid);
      return uid
        ? { uid }
        : { missing: 'No Prometheus datasource: choose one on the redis-lens app configuration page.' };
    } catch (error) {
      return { missing: `Datasources unavailable: ${String(error)}` };
    }
  }, [settings.prometheusUid]);
}
