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
  type BuiltImage,
  type KubePlay,
  type PrometheusServer,
  type RedisServer,
} from '@redis-lens/testkit';

// The exporter image as Kubernetes runs it: a hand-written Deployment + ConfigMap + Secret played by
// `podman kube play` (testkit kubePlay) against a real Redis and scraped by the real Prometheus. The image's base is
// the set-up's stand-in for node:20-bookworm-slim (scripts/build-base-image.sh; no registry is reachable here).
const USER = 'metrics';
const PASSWORD = 'kube-play-pw-41c2e8';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function manifest(name: string, image: string, redisUrl: string, port: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
data:
  redis-addr: ${redisUrl}
---
apiVersion: v1
kind: Secret
metadata:
  name: ${name}-auth
type: Opaque
data:
  username: ${b64(USER)}
  password: ${b64(PASSWORD)}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: { app.kubernetes.io/name: redis-lens }
spec:
  replicas: 1
  selector:
    matchLabels: { app.kubernetes.io/name: redis-lens }
  template:
    metadata:
      labels: { app.kubernetes.io/name: redis-lens }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 }
      containers:
        - name: exporter
          image: ${image}
          imagePullPolicy: Never
          env:
            - name: REDIS_ADDR
              valueFrom: { configMapKeyRef: { name: ${name}-config, key: redis-addr } }
            - name: REDIS_USER
              valueFrom: { secretKeyRef: { name: ${name}-auth, key: username } }
            - name: REDIS_PASSWORD_FILE
              value: /run/secrets/redis/password
            - name: REDIS_EXPORTER_WEB_LISTEN_ADDRESS
              value: 127.0.0.1:${port}
          volumeMounts:
            - { name: auth, mountPath: /run/secrets/redis, readOnly: true }
          securityContext:
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL] }
      volumes:
        - name: auth
          secret: { secretName: ${name}-auth, items: [{ key: password, path: password }], defaultMode: 292 }
`;
}

describe('kubePlay: the exporter image from a Deployment + ConfigMap + Secret', () => {
  let image: BuiltImage;
  let redis: RedisServer;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('kube-play');
    [image, redis] = await Promise.all([
      buildImage('exporter'),
      startRedis({ aclUser: { username: USER, password: PASSWORD } }),
    ]);
  }, 1_500_000);
  afterAll(async () => {
    await redis?.stop();
    if (dir) removeDir(dir);
  });

  // The ACL user comes from the Secret through secretKeyRef, its password through a Secret volume (a file).
  it('runs the pod: the Secret and ConfigMap reach it, the real Prometheus scrapes it, down() removes it', async () => {
    const port = await freePort();
    const name = `rl-exporter-${process.pid}`;
    const yaml = join(dir, 'exporter.yaml');
    writeFileSync(yaml, manifest(name, image.ref, redis.url(), port));
    let play: KubePlay | undefined;
    let prom: PrometheusServer | undefined;
    try {
      play = await kubePlay(yaml);
      expect(play.pods).toHaveLength(1);
      expect(play.containers).toEqual([expect.stringMatching(new RegExp(`^${name}-pod(-0)?-exporter$`))]);
      await waitFor(
        'the pod to serve redis_up 1',
        async () => (await getText(`http://127.0.0.1:${port}/metrics`)).body.includes('redis_up 1'),
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      prom = await startPrometheus({ scrapeTargets: [`127.0.0.1:${port}`], scrapeInterval: '1s' });
      await prom.waitForQuery('redis_up', (s) => s.length > 0 && s[0].value[1] === '1', { timeoutMs: 60_000 });
      expect(await play.logs(play.containers[0])).not.toContain(PASSWORD);
      // Authenticated as the Secret's ACL user (a wrong user or password would give redis_up 0).
      const client = redis.client();
      const clients = String(await client.call('CLIENT', 'LIST').finally(() => client.disconnect()));
      expect(clients).toMatch(new RegExp(`\\buser=${USER}\\b`));
    } finally {
      await prom?.stop();
      await play?.down();
      releasePort(port);
    }
    await expect(getText(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
