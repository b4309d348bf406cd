// `helm install` of every mode into a real kube-apiserver (etcd + kube-apiserver built from their Go modules by
// set-up) with the Prometheus, OpenTelemetry and Grafana operators' CRDs installed, then what it created read back
// through the API: defaulting, admission, CRD schemas (CEL included) and size limits are the real ones. There are no
// nodes, so nothing runs; chart-pod.test.ts runs the rendered pod.
import {
  crdDirs,
  installCrds,
  runHelm,
  startKubeApiServer,
  type KubeApiServer,
  type KubeObject,
} from '@redis-lens/testkit';
import { CHART_DIR, parseManifests, valuesFile } from './support/chart';
import { MODE_VALUES } from './support/modes';

/** REST collection of each kind the chart creates. */
const COLLECTIONS: Record<string, string> = {
  ConfigMap: 'api/v1/namespaces/NS/configmaps',
  Service: 'api/v1/namespaces/NS/services',
  ServiceAccount: 'api/v1/namespaces/NS/serviceaccounts',
  Deployment: 'apis/apps/v1/namespaces/NS/deployments',
  StatefulSet: 'apis/apps/v1/namespaces/NS/statefulsets',
  NetworkPolicy: 'apis/networking.k8s.io/v1/namespaces/NS/networkpolicies',
  ServiceMonitor: 'apis/monitoring.coreos.com/v1/namespaces/NS/servicemonitors',
  PodMonitor: 'apis/monitoring.coreos.com/v1/namespaces/NS/podmonitors',
  PrometheusRule: 'apis/monitoring.coreos.com/v1/namespaces/NS/prometheusrules',
  ScrapeConfig: 'apis/monitoring.coreos.com/v1alpha1/namespaces/NS/scrapeconfigs',
  AlertmanagerConfig: 'apis/monitoring.coreos.com/v1alpha1/namespaces/NS/alertmanagerconfigs',
  GrafanaDashboard: 'apis/grafana.integreatly.org/v1beta1/namespaces/NS/grafanadashboards',
  OpenTelemetryCollector: 'apis/opentelemetry.io/v1beta1/namespaces/NS/opentelemetrycollectors',
};

let kube: KubeApiServer;

beforeAll(async () => {
  kube = await startKubeApiServer({ timeoutMs: 180_000 });
  await installCrds(kube, Object.values(crdDirs()), { timeoutMs: 120_000 });
}, 360_000);

afterAll(async () => {
  await kube?.stop();
}, 60_000);

async function get(kind: string, namespace: string, name: string): Promise<KubeObject> {
  const res = await kube.request('GET', `/${COLLECTIONS[kind].replace('NS', namespace)}/${name}`);
  if (res.status !== 200) throw new Error(`GET ${kind} ${namespace}/${name}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.json!;
}

describe('helm install into a real API server', () => {
  it.each(Object.keys(MODE_VALUES))(
    '%s: installs, and every object it rendered is stored as the API server admitted it',
    async (mode) => {
      const namespace = `lens-${mode}`;
      const created = await kube.request('POST', '/api/v1/namespaces', { metadata: { name: namespace } });
      expect(created.status).toBe(201);
      const install = await runHelm(
        ['install', 'lens', CHART_DIR, '--namespace', namespace, '-f', valuesFile(MODE_VALUES[mode])],
        { kubeconfig: kube.kubeconfig, timeoutMs: 180_000 },
      );
      expect({ status: install.status, stderr: install.stderr }).toEqual({ status: 0, stderr: '' });

      const manifest = await runHelm(['get', 'manifest', 'lens', '--namespace', namespace], {
        kubeconfig: kube.kubeconfig,
      });
      const objects = parseManifests(manifest.stdout);
      // The API server was discovered to serve every operator kind, so helm rendered the gated resources too.
      // Fleet mode scrapes targets through a ScrapeConfig (no ServiceMonitor by default: fleet.scrapeSelf), the
      // sidecar mode through a PodMonitor, every other mode through a ServiceMonitor.
      const scrapedBy = mode.startsWith('fleet')
        ? 'ScrapeConfig'
        : mode === 'sidecar'
          ? 'PodMonitor'
          : 'ServiceMonitor';
      expect(objects.map((o) => o.kind)).toContain(scrapedBy);
      expect(objects.map((o) => o.kind)).toContain('PrometheusRule');
      for (const object of objects) {
        expect(COLLECTIONS[object.kind]).toBeDefined();
        const stored = await get(object.kind, namespace, object.metadata.name);
        expect(stored.metadata?.labels?.['app.kubernetes.io/instance']).toBe('lens');
        if (object.kind === 'ConfigMap') {
          // The API server's object limit is far above this; a client-side apply would store it in an annotation.
          expect(JSON.stringify(stored.data).length).toBeLessThan(256 * 1024);
        }
      }

      const workload = objects.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
      if (workload) {
        const stored = await get(workload.kind, namespace, workload.metadata.name);
        const spec = stored.spec as { template: { spec: Record<string, unknown> } };
        // Defaulted by the API server, not written by the chart.
        expect(spec.template.spec.restartPolicy).toBe('Always');
        expect(spec.template.spec.dnsPolicy).toBe('ClusterFirst');
      }
    },
    240_000,
  );

  it('the stored PrometheusRule has every alert, and the ScrapeConfigs point at the exporter', async () => {
    const rule = await get('PrometheusRule', 'lens-standalone', 'lens-redis-lens');
    const groups = (rule.spec as { groups: { rules: unknown[] }[] }).groups;
    expect(groups[0].rules.length).toBeGreaterThanOrEqual(24);
    const nodes = await get('ScrapeConfig', 'lens-cluster', 'lens-redis-lens-nodes');
    expect(nodes.spec).toMatchObject({
      metricsPath: '/scrape',
      httpSDConfigs: [{ url: 'http://lens-redis-lens.lens-cluster.svc:9121/discover-cluster-nodes' }],
    });
    const sharded = await get('StatefulSet', 'lens-fleet-sharded', 'lens-redis-lens');
    expect((sharded.spec as { replicas: number }).replicas).toBe(3);
  }, 60_000);
});
