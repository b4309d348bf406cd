// The chart's exporter pod, run for real: `helm template` in standalone mode with the locally built image
// (buildImage: the unchanged exporter/Dockerfile on the set-up's stand-in for node:20-bookworm-slim, as no registry
// is reachable here), its Deployment and ConfigMap plus the Secret a user would create, played by `podman kube play`
// against a real Redis with a password, and scraped by the real Prometheus. Host networking (all on 127.0.0.1), so
// the test moves the listen address to loopback with the chart's own extraArgs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildImage,
  freePort,
  getText,
  kubePlay,
  releasePort,
  removeDir,
  startPrometheus,
  startRedis,
  tempDir,
  waitFor,
  type KubePlay,
  type PrometheusServer,
  type RedisServer,
} from '@redis-lens/testkit';
import { stringify } from 'yaml';
import { ofKind, one, renderChart, type K8sObject } from './support/chart';

const PASSWORD = 'chart-pod-pw-7d1f03';

describe('the rendered exporter pod', () => {
  let redis: RedisServer | undefined;
  let play: KubePlay | undefined;
  let prometheus: PrometheusServer | undefined;
  let port: number | undefined;
  const dir = tempDir('chart-pod');

  afterAll(async () => {
    await prometheus?.stop();
    await play?.down();
    await redis?.stop();
    if (port) releasePort(port);
    removeDir(dir);
  }, 120_000);

  it('runs under podman kube play with its Secret and ConfigMap and answers Prometheus with redis_up 1', async () => {
    const [image, server] = await Promise.all([buildImage('exporter'), startRedis({ password: PASSWORD })]);
    redis = server;
    port = await freePort();
    const name = `rl-chart-${process.pid}`;
    const separator = image.ref.lastIndexOf(':');
    const objects = renderChart(
      {
        fullnameOverride: name,
        image: { repository: image.ref.slice(0, separator), tag: image.ref.slice(separator + 1), pullPolicy: 'Never' },
        redis: { addr: redis.url(), auth: { existingSecret: `${name}-redis`, key: 'redis-password' } },
        service: { port },
        extraArgs: ['--web.listen-address', `127.0.0.1:${port}`],
      },
      { apiVersions: [] },
    );
    const deployment = one(objects, 'Deployment');
    // podman 4.3's kube play turns a containerPort into a port mapping, which host networking refuses (a kubelet
    // does not); so the port list goes, and the probes name the port by number instead of by its name.
    const container = deployment.spec.template.spec.containers[0];
    delete container.ports;
    for (const probe of [container.readinessProbe, container.livenessProbe]) probe.httpGet.port = port;
    const config = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === name)!;
    // What the user creates once (`kubectl create secret generic … --from-literal=redis-password=…`).
    const secret: K8sObject & { type: string; stringData: Record<string, string> } = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}-redis` },
      type: 'Opaque',
      stringData: { 'redis-password': PASSWORD },
    };
    const yaml = join(dir, 'pod.yaml');
    writeFileSync(yaml, [secret, config, deployment].map((o) => `---\n${stringify(o)}`).join(''));

    play = await kubePlay(yaml);
    expect(play.containers).toHaveLength(1);
    await waitFor(
      'the pod to answer /ready',
      async () => (await getText(`http://127.0.0.1:${port}/ready`).catch(() => ({ status: 0 }))).status === 200,
      { timeoutMs: 90_000, intervalMs: 500 },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await play!.logs(play!.containers[0])}`);
    });
    prometheus = await startPrometheus({ scrapeTargets: [`127.0.0.1:${port}`], scrapeInterval: '1s' });
    await prometheus.waitForQuery('redis_up', (s) => s.length === 1 && s[0].value[1] === '1', { timeoutMs: 60_000 });
    // The password reached the exporter as a mounted file (--redis.password-file), never through its logs.
    expect(await play.logs(play.containers[0])).not.toContain(PASSWORD);
  }, 1_800_000);
});
