// The chart as the real helm renders it: lint --strict, every mode with and without the operator APIs, the
// production defaults, and the schema refusing bad values. Kubernetes-side validation is chart-validate.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readVersions } from '@redis-lens/testkit';
import { parse } from 'yaml';
import { CHART_DIR, helm, kinds, ofKind, one, renderChart, valuesFile, type K8sObject } from './support/chart';
import { MODE_VALUES } from './support/modes';

const MODES = Object.keys(MODE_VALUES);
/** The exporter's environment (the ConfigMap named like the release; the others hold dashboards and provisioning). */
const envOf = (objects: K8sObject[]) =>
  objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'lens-redis-lens')!.data!;
/** Client-side `kubectl apply` stores the object in an annotation, limited to 262,144 bytes in total. */
const ANNOTATION_LIMIT = 256 * 1024;

describe('helm lint --strict', () => {
  it.each(MODES)('%s', (mode) => {
    const result = helm(['lint', '--strict', CHART_DIR, '-f', valuesFile(MODE_VALUES[mode])]);
    expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
    expect(result.status).toBe(0);
  });
});

describe('helm template', () => {
  const rendered = Object.fromEntries(MODES.map((mode) => [mode, renderChart(MODE_VALUES[mode])]));

  it('renders the workload each mode needs', () => {
    expect(kinds(rendered.standalone)).toEqual(
      expect.arrayContaining(['ConfigMap', 'Deployment', 'Service', 'ServiceAccount', 'ServiceMonitor']),
    );
    expect(ofKind(rendered.standalone, 'ScrapeConfig')).toHaveLength(0);
    expect(ofKind(rendered.sentinel, 'Deployment')).toHaveLength(1);
    expect(ofKind(rendered.cluster, 'ScrapeConfig')).toHaveLength(1);
    expect(ofKind(rendered.fleet, 'Deployment')).toHaveLength(1);
    // Sharded fleets: a StatefulSet and a headless Service give each replica a stable name.
    expect(one(rendered['fleet-sharded'], 'StatefulSet').spec.replicas).toBe(3);
    expect(ofKind(rendered['fleet-sharded'], 'Deployment')).toHaveLength(0);
    expect(ofKind(rendered['fleet-sharded'], 'Service').map((s) => s.spec.clusterIP ?? 'ip')).toEqual(['ip', 'None']);
    // Sidecar mode: nothing of the exporter's own, only what Prometheus and Grafana need.
    expect(kinds(rendered.sidecar).filter((k) => ['Deployment', 'StatefulSet', 'Service'].includes(k))).toEqual([]);
    expect(one(rendered.sidecar, 'PodMonitor').spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'redis' },
    });
  });

  it('passes settings as redis_exporter environment variables and secrets only by reference', () => {
    const env = envOf(rendered.standalone);
    expect(env).toMatchObject({
      REDIS_ADDR: 'rediss://redis-master.cache.svc:6380',
      REDIS_USER: 'exporter',
      REDIS_EXPORTER_TLS_CA_CERT_FILE: '/run/secrets/redis-lens/tls/ca.crt',
      REDIS_EXPORTER_TLS_CLIENT_CERT_FILE: '/run/secrets/redis-lens/tls/tls.crt',
      REDIS_EXPORTER_WEB_LISTEN_ADDRESS: ':9121',
    });
    const container = one(rendered.standalone, 'Deployment').spec.template.spec.containers[0];
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'REDIS_PASSWORD_FILE', value: '/run/secrets/redis-lens/redis/password' },
        {
          name: 'REDIS_LENS_KEY_HASH_SECRET',
          valueFrom: { secretKeyRef: { name: 'redis-lens-keys', key: 'key-hash-secret' } },
        },
      ]),
    );
    const clusterEnv = one(rendered.cluster, 'Deployment').spec.template.spec.containers[0].env;
    expect(clusterEnv).toContainEqual({
      name: 'REDIS_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'redis-cluster', key: 'redis-password' } },
    });
    expect(envOf(rendered.cluster)).toMatchObject({ REDIS_EXPORTER_IS_CLUSTER: 'true' });
    expect(envOf(rendered.sentinel)).toMatchObject({
      SENTINEL_ADDRS:
        'redis-node-0.redis-headless:26379,redis-node-1.redis-headless:26379,redis-node-2.redis-headless:26379',
      SENTINEL_MASTER_NAME: 'mymaster',
    });
    expect(envOf(rendered.sentinel).REDIS_ADDR).toBeUndefined();
    expect(envOf(rendered.fleet)).toMatchObject({
      SCRAPE_ALLOWED_TARGETS: 'redis://10.0.0.5:6379,redis://cache-a.internal:6379,rediss://cache-b.internal:6380',
      REDIS_EXPORTER_SCRAPE_CREDENTIALS_FILE: '/run/secrets/redis-lens/scrape/credentials.json',
    });
    // No Secret is ever rendered: the chart has no value a password could be put in.
    for (const mode of MODES) expect(ofKind(rendered[mode], 'Secret')).toHaveLength(0);
  });

  it('runs under the restricted Pod Security Standard with probes and resources', () => {
    for (const mode of MODES.filter((m) => m !== 'sidecar')) {
      const workload = rendered[mode].find((o) => ['Deployment', 'StatefulSet'].includes(o.kind))!;
      const pod = workload.spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      const [container] = pod.containers;
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'metrics' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'metrics' });
      expect(container.resources.requests.memory).toBeDefined();
      expect(container.resources.limits.memory).toBeDefined();
    }
  });

  it('scrapes cluster nodes through /scrape from the exporter http_sd', () => {
    const spec = one(rendered.cluster, 'ScrapeConfig').spec;
    expect(spec.metricsPath).toBe('/scrape');
    expect(spec.httpSDConfigs[0].url).toBe('http://lens-redis-lens.monitoring.svc:9121/discover-cluster-nodes');
    expect(spec.relabelings).toEqual(
      expect.arrayContaining([
        { sourceLabels: ['__address__'], targetLabel: '__param_target' },
        { targetLabel: '__address__', replacement: 'lens-redis-lens.monitoring.svc:9121' },
      ]),
    );
  });

  it('shards fleet targets over the replicas with hashmod, each target to one fixed replica', () => {
    const spec = one(rendered['fleet-sharded'], 'ScrapeConfig').spec;
    expect(spec.staticConfigs[0].targets).toHaveLength(4);
    expect(spec.relabelings).toEqual(
      expect.arrayContaining([
        { sourceLabels: ['__param_target'], modulus: 3, targetLabel: '__tmp_redis_lens_shard', action: 'hashmod' },
        {
          sourceLabels: ['__tmp_redis_lens_shard'],
          targetLabel: '__address__',
          replacement: 'lens-redis-lens-$1.lens-redis-lens-headless.monitoring.svc:9121',
        },
      ]),
    );
    // In fleet mode the exporter's own /metrics would only report the unused default address as down.
    expect(ofKind(rendered.fleet, 'ServiceMonitor')).toHaveLength(0);
  });

  it('labels every Prometheus Operator resource for kube-prometheus-stack', () => {
    const operatorKinds = ['ServiceMonitor', 'PrometheusRule', 'AlertmanagerConfig'];
    for (const kind of operatorKinds) {
      expect(one(rendered.standalone, kind).metadata.labels).toMatchObject({ release: 'kps' });
    }
  });

  it('gated resources vanish without --api-versions, and nothing else does', () => {
    for (const mode of MODES) {
      const plain = renderChart(MODE_VALUES[mode], { apiVersions: [] });
      const gated = ['ServiceMonitor', 'PodMonitor', 'ScrapeConfig', 'PrometheusRule', 'AlertmanagerConfig'];
      gated.push('GrafanaDashboard', 'OpenTelemetryCollector');
      expect(kinds(plain).filter((k) => gated.includes(k))).toEqual([]);
      expect(kinds(plain)).toEqual(kinds(rendered[mode]).filter((k) => !gated.includes(k)));
    }
  });

  it('puts each dashboard in its own ConfigMap for the sidecar, under the annotation limit', () => {
    const dashboards = ofKind(rendered.standalone, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard);
    // One per generated dashboard: the catalog grows (e.g. Redis memory), the test follows it.
    const generated = readdirSync(join(CHART_DIR, 'files', 'dashboards')).filter((f) => f.endsWith('.json'));
    expect(dashboards.length).toBe(generated.length);
    for (const cm of dashboards) {
      expect(cm.metadata.labels!.grafana_dashboard).toBe('1');
      expect(cm.metadata.annotations).toEqual({ grafana_folder: 'Redis' });
      expect(JSON.stringify(cm).length).toBeLessThan(ANNOTATION_LIMIT);
      const [json] = Object.values(cm.data!);
      // Datasource uids follow the values (kube-prometheus-stack's Prometheus is `prometheus`).
      expect(json).not.toContain('redislens-prometheus');
      expect(JSON.parse(json).uid).toMatch(/^redislens-/);
    }
    expect(
      ofKind(rendered.standalone, 'GrafanaDashboard')
        .map((d) => d.spec.configMapRef.name)
        .sort(),
    ).toEqual(dashboards.map((d) => d.metadata.name).sort());
  });

  it('carries the alert catalog, routing and collector config from the generated files', () => {
    const rules = one(rendered.standalone, 'PrometheusRule').spec;
    const shipped = parse(
      readFileSync(join(__dirname, '../../collector/prometheus/rules/redis-lens.rules.yml'), 'utf8'),
    );
    const names = (groups: { rules: { alert: string }[] }[]) => groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(names(rules.groups)).toEqual(names(shipped.groups));
    expect(JSON.stringify(rules)).toContain('http://localhost:3000/a/redislens-redis-app/runbooks/RedisDown');
    expect(JSON.stringify(rules)).not.toContain('redis-lens.invalid');
    const amc = one(rendered.standalone, 'AlertmanagerConfig').spec;
    expect(amc.receivers[0].pagerdutyConfigs[0].routingKey).toEqual({ name: 'alerting', key: 'pagerduty-routing-key' });
    const collector = one(rendered.standalone, 'OpenTelemetryCollector').spec;
    expect(Object.keys(collector.config.service.pipelines).sort()).toEqual(['metrics', 'traces']);
    expect(collector.image).toBe(`${readVersions().collector.image}:${readVersions().collector.release}`);
  });

  it('renders a NetworkPolicy that admits Prometheus and lets the exporter reach DNS and Redis only', () => {
    const policy = one(rendered.standalone, 'NetworkPolicy').spec;
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.ingress[0].ports).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
    expect(policy.egress.flatMap((rule: { ports: { port: number }[] }) => rule.ports.map((p) => p.port))).toEqual([
      53, 53, 6379, 26379,
    ]);
  });
});

describe('values.schema.json', () => {
  const fails = (values: object) => {
    const result = helm(['template', 'lens', CHART_DIR, '-f', valuesFile(values)]);
    expect(result.status).not.toBe(0);
    return result.stderr;
  };

  it('is self-contained (no remote $ref)', () => {
    expect(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')).not.toMatch(/"\$ref"\s*:\s*"(?!#)/);
  });

  it('rejects an unknown mode, wrong types, unknown keys and a mode without its settings', () => {
    expect(fails({ mode: 'replicated' })).toMatch(/mode/);
    expect(fails({ fleet: { shards: 'three' } })).toMatch(/shards/);
    expect(fails({ service: { port: 70000 } })).toMatch(/port/);
    expect(fails({ redis: { password: 'hunter2' } })).toMatch(/password/);
    expect(fails({ redis: { addr: 'redis://:hunter2@cache:6379' } })).toMatch(/addr/);
    expect(fails({ mode: 'sentinel' })).toMatch(/addrs/);
    expect(fails({ mode: 'fleet' })).toMatch(/targets/);
  });
});

describe('the chart follows the repository', () => {
  it('defaults the image tag to appVersion = the exporter package version', () => {
    const chart = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8'));
    const exporter = JSON.parse(readFileSync(join(__dirname, '../../exporter/package.json'), 'utf8'));
    expect(chart.appVersion).toBe(exporter.version);
    const deployment = one(renderChart(MODE_VALUES.cluster), 'Deployment') as K8sObject;
    expect(deployment.spec.template.spec.containers[0].image).toBe(`redis-lens-exporter:${exporter.version}`);
  });
});
