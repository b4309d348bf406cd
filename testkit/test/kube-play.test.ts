import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { prepareKube, removeDir, tempDir } from '../src';

// The pure half of kubePlay: what podman 4.3 cannot do with Secrets, done as a kubelet would (the real play runs in
// exporter/test/kube-play.test.ts).
const YAML = `apiVersion: v1
kind: Secret
metadata: { name: auth }
data: { password: ${Buffer.from('pw').toString('base64')} }
stringData: { user: metrics }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  template:
    spec:
      containers: [{ name: c, image: x }]
      volumes:
        - name: creds
          secret: { secretName: auth, items: [{ key: password, path: sub/pw }], defaultMode: 256 }
        - name: scratch
          emptyDir: {}
`;

describe('prepareKube', () => {
  it('turns Secrets into podman secret JSON maps and secret volumes into hostPath files', () => {
    const dir = tempDir('prepare-kube');
    try {
      const { secrets, yaml } = prepareKube(YAML, dir);
      expect(JSON.parse(secrets.auth)).toEqual({
        password: Buffer.from('pw').toString('base64'),
        user: Buffer.from('metrics').toString('base64'),
      });
      const docs = parseAllDocuments(yaml).map((d) => d.toJS());
      expect(docs.map((d) => d.kind)).toEqual(['Deployment']);
      const [creds, scratch] = docs[0].spec.template.spec.volumes;
      expect(creds).toEqual({ name: 'creds', hostPath: { path: join(dir, 'creds-auth'), type: 'Directory' } });
      expect(scratch).toEqual({ name: 'scratch', emptyDir: {} });
      const file = join(dir, 'creds-auth', 'sub', 'pw');
      expect(readFileSync(file, 'utf8')).toBe('pw');
      expect(statSync(file).mode & 0o777).toBe(0o400);
    } finally {
      removeDir(dir);
    }
  });

  it('names a volume whose Secret is missing', () => {
    const dir = tempDir('prepare-kube');
    try {
      expect(() => prepareKube(YAML.split('---')[1], dir)).toThrow('no Secret auth');
    } finally {
      removeDir(dir);
    }
  });
});
