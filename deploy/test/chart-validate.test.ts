// Every mode's manifests against the real Kubernetes schemas (kubectl-validate's built-in ones for each supported
// version, and the operators' CRDs with their CEL rules), and the PrometheusRule's groups through the real promtool.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crdDirs, removeDir, runKubectlValidate, runTool, tempDir } from '@redis-lens/testkit';
import { stringify } from 'yaml';
import { one, renderChart } from './support/chart';
import { MODE_VALUES } from './support/modes';

/** The Kubernetes versions the chart supports (Chart.yaml kubeVersion >= 1.30): the oldest and the newest. */
const KUBERNETES_VERSIONS = ['1.30', '1.35'];

describe('kubectl-validate', () => {
  const dir = tempDir('chart-validate');
  afterAll(() => removeDir(dir));

  it.each(Object.keys(MODE_VALUES))(
    '%s validates against Kubernetes 1.30 and 1.35 and the operator CRDs',
    async (mode) => {
      const file = join(dir, `${mode}.yaml`);
      const objects = renderChart(MODE_VALUES[mode]);
      writeFileSync(file, objects.map((o) => `---\n${stringify(o)}`).join(''));
      for (const version of KUBERNETES_VERSIONS) {
        const result = await runKubectlValidate([file], {
          kubernetesVersion: version,
          localCrds: Object.values(crdDirs()),
          timeoutMs: 180_000,
        });
        const statuses = Object.values(result.report).flat();
        const failures = statuses.filter((s) => s.status !== 'Success');
        expect({ version, failures, stderr: result.stderr }).toEqual({ version, failures: [], stderr: '' });
        // One Status per document: nothing was skipped.
        expect(statuses).toHaveLength(objects.length);
        expect(result.status).toBe(0);
      }
    },
    400_000,
  );
});

describe('promtool', () => {
  it('accepts the PrometheusRule groups as a rule file', () => {
    const dir = tempDir('chart-promtool');
    try {
      const file = join(dir, 'rules.yml');
      const groups = one(renderChart(MODE_VALUES.standalone), 'PrometheusRule').spec.groups;
      writeFileSync(file, stringify({ groups }));
      const result = runTool('promtool', ['check', 'rules', file]);
      expect(result.stdout + result.stderr).toMatch(/SUCCESS: \d+ rules found/);
      expect(result.status).toBe(0);
    } finally {
      removeDir(dir);
    }
  });
});
