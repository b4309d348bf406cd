// The kit's Kubernetes parts, all real: etcd and kube-apiserver built from their Go modules by set-up, the CRDs the
// Prometheus, OpenTelemetry and Grafana operators ship, helm and kubectl-validate. No stand-in anywhere.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  crdDirs,
  installCrds,
  removeDir,
  runHelm,
  runKubectlValidate,
  startKubeApiServer,
  tempDir,
  type KubeApiServer,
  type KubeObject,
} from '@redis-lens/testkit';

const serviceMonitor = (name: string, endpoint: Record<string, unknown>): KubeObject => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name, labels: { release: 'kube-prometheus-stack' } },
  spec: { selector: { matchLabels: { app: 'redis-lens' } }, endpoints: [endpoint] },
});
const GOOD_ENDPOINT = { port: 'metrics', interval: '30s', scheme: 'http' };
// `scheme` is an enum and `interval` a pattern in the CRD's OpenAPI schema.
const BAD_ENDPOINT = { port: 'metrics', interval: '30 seconds', scheme: 'ftp' };
// grafana-operator's GrafanaDashboard has a CEL rule (x-kubernetes-validations): folderUID or folderRef, not both.
const dashboard = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'grafana.integreatly.org/v1beta1',
  kind: 'GrafanaDashboard',
  metadata: { name },
  spec: { instanceSelector: { matchLabels: { dashboards: 'grafana' } }, json: '{}', ...spec },
});

describe('a real API server (etcd + kube-apiserver) with the operators’ CRDs', () => {
  let server: KubeApiServer;
  let crds: string[];

  beforeAll(async () => {
    server = await startKubeApiServer();
    crds = await installCrds(server, Object.values(crdDirs()));
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('installed every CRD, Established', () => {
    expect(crds).toEqual(
      expect.arrayContaining([
        'servicemonitors.monitoring.coreos.com',
        'podmonitors.monitoring.coreos.com',
        'prometheusrules.monitoring.coreos.com',
        'scrapeconfigs.monitoring.coreos.com',
        'alertmanagerconfigs.monitoring.coreos.com',
        'opentelemetrycollectors.opentelemetry.io',
        'instrumentations.opentelemetry.io',
        'grafanadashboards.grafana.integreatly.org',
      ]),
    );
  });

  it('creates a ConfigMap and reads it back', async () => {
    const created = await server.request('POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kit-config' },
      data: { 'redis.conf': 'maxmemory-policy allkeys-lfu\n' },
    });
    expect(created.status).toBe(201);
    const read = await server.request('GET', '/api/v1/namespaces/default/configmaps/kit-config');
    expect(read.json?.data).toEqual({ 'redis.conf': 'maxmemory-policy allkeys-lfu\n' });
    expect(read.json?.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('creates a ServiceMonitor and reads it back', async () => {
    const path = '/apis/monitoring.coreos.com/v1/namespaces/default/servicemonitors';
    const created = await server.request('POST', path, serviceMonitor('redis-lens', GOOD_ENDPOINT));
    expect([created.status, created.json?.message]).toEqual([201, undefined]);
    const read = await server.request('GET', `${path}/redis-lens`);
    expect(read.json?.spec?.endpoints).toEqual([GOOD_ENDPOINT]);
    expect(read.json?.metadata?.labels).toEqual({ release: 'kube-prometheus-stack' });
  });

  it('rejects a ServiceMonitor the CRD schema forbids, naming the fields', async () => {
    const path = '/apis/monitoring.coreos.com/v1/namespaces/default/servicemonitors';
    const res = await server.request('POST', path, serviceMonitor('bad', BAD_ENDPOINT));
    expect([res.status, res.json?.reason]).toEqual([422, 'Invalid']);
    expect(res.json?.message).toContain('spec.endpoints[0].scheme: Unsupported value: "ftp"');
    expect(res.json?.message).toContain('spec.endpoints[0].interval');
  });

  it('enforces a CRD CEL rule (GrafanaDashboard: folderUID or folderRef, not both)', async () => {
    const path = '/apis/grafana.integreatly.org/v1beta1/namespaces/default/grafanadashboards';
    const ok = await server.request('POST', path, dashboard('ok', { folderUID: 'redis' }));
    expect([ok.status, ok.json?.message]).toEqual([201, undefined]);
    const both = await server.request('POST', path, dashboard('both', { folderUID: 'redis', folderRef: 'redis' }));
    expect(both.status).toBe(422);
    expect(both.json?.message).toContain('Only one of folderUID or folderRef can be declared at the same time');
  });

  it('rejects annotations over 256 KiB, as a dashboard ConfigMap applied client-side would hit', async () => {
    const configMap = (name: string, bytes: number) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(bytes) } },
    });
    const path = '/api/v1/namespaces/default/configmaps';
    // The limit counts keys and values together: 262,144 bytes.
    const key = 'kubectl.kubernetes.io/last-applied-configuration'.length;
    expect((await server.request('POST', path, configMap('fits', 262_144 - key))).status).toBe(201);
    const tooBig = await server.request('POST', path, configMap('too-big', 262_144 - key + 1));
    expect(tooBig.status).toBe(422);
    expect(tooBig.json?.message).toContain('metadata.annotations: Too long: may not be more than 262144 bytes');
  });

  it('helm installs a chart into a namespace; its gated ServiceMonitor is there because the CRD is', async () => {
    const chart = tempDir('chart');
    try {
      mkdirSync(join(chart, 'templates'));
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: kit-demo\nversion: 0.1.0\n');
      writeFileSync(join(chart, 'values.yaml'), 'greeting: hello\n');
      writeFileSync(
        join(chart, 'templates', 'configmap.yaml'),
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata:',
          '  name: {{ .Release.Name }}-config',
          'data:',
          '  greeting: {{ .Values.greeting | quote }}',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(chart, 'templates', 'servicemonitor.yaml'),
        [
          '{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor" }}',
          'apiVersion: monitoring.coreos.com/v1',
          'kind: ServiceMonitor',
          'metadata:',
          '  name: {{ .Release.Name }}',
          'spec:',
          '  selector: { matchLabels: { app: {{ .Release.Name }} } }',
          '  endpoints: [{ port: metrics, interval: 30s }]',
          '{{- end }}',
          '',
        ].join('\n'),
      );
      const install = await runHelm(
        ['install', 'demo', chart, '--namespace', 'kit-helm', '--create-namespace', '--set', 'greeting=hi'],
        { kubeconfig: server.kubeconfig },
      );
      expect({ status: install.status, stderr: install.stderr }).toMatchObject({ status: 0 });
      expect(install.stdout).toContain('STATUS: deployed');

      const cm = await server.request('GET', '/api/v1/namespaces/kit-helm/configmaps/demo-config');
      expect(cm.json?.data).toEqual({ greeting: 'hi' });
      expect(cm.json?.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('Helm');
      const sm = await server.request('GET', '/apis/monitoring.coreos.com/v1/namespaces/kit-helm/servicemonitors/demo');
      expect(sm.status).toBe(200);

      const list = await runHelm(['list', '--namespace', 'kit-helm', '--output', 'json'], {
        kubeconfig: server.kubeconfig,
      });
      expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'demo', status: 'deployed' })]);
    } finally {
      removeDir(chart);
    }
  });

  it('stop() ends kube-apiserver and etcd', async () => {
    await server.stop();
    expect([server.apiserver.isRunning(), server.etcd.isRunning()]).toEqual([false, false]);
  });
});

describe('kubectl-validate with the operators’ CRDs', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('kubectl-validate-files');
  });
  afterAll(() => removeDir(dir));

  const write = (name: string, docs: object[]) => {
    const file = join(dir, name);
    // JSON documents are YAML documents.
    writeFileSync(file, docs.map((d) => `---\n${JSON.stringify(d)}\n`).join(''));
    return file;
  };

  it('passes valid built-in and custom resources', async () => {
    const file = write('valid.yaml', [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } },
      serviceMonitor('redis-lens', GOOD_ENDPOINT),
      dashboard('redis', { folderUID: 'redis' }),
    ]);
    const result = await runKubectlValidate([file], { localCrds: Object.values(crdDirs()) });
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(result.report[file].map((s) => s.status)).toEqual(['Success', 'Success', 'Success']);
  });

  it('fails invalid ones: schema, built-in types and CEL, each document on its own', async () => {
    const file = write('invalid.yaml', [
      serviceMonitor('bad', BAD_ENDPOINT),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: { replicas: 'three', selector: {}, template: {} },
      },
      dashboard('both', { folderUID: 'redis', folderRef: 'redis' }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine' } },
    ]);
    const result = await runKubectlValidate([file], { localCrds: Object.values(crdDirs()) });
    expect(result.status).toBe(1);
    const [sm, deployment, dash, cm] = result.report[file];
    expect(sm.message).toContain('spec.endpoints[0].scheme: Unsupported value: "ftp"');
    expect(deployment.message).toContain('spec.replicas');
    expect(dash.message).toContain('Only one of folderUID or folderRef');
    expect(cm.status).toBe('Success');
  });

  it('without --local-crds, a ServiceMonitor is an unknown kind', async () => {
    const file = write('no-crds.yaml', [serviceMonitor('redis-lens', GOOD_ENDPOINT)]);
    const result = await runKubectlValidate([file]);
    expect(result.status).toBe(1);
    expect(result.report[file][0].status).toBe('Failure');
  });

  it('refuses a Kubernetes version whose schemas it would have to download', async () => {
    await expect(runKubectlValidate([], { kubernetesVersion: '1.99' })).rejects.toThrow(/no built-in schemas/);
  });
});
