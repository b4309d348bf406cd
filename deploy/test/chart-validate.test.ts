// Every mode's manifests against the real Kubernetes schemas (kubectl-validate's built-in ones for each supported
// version, and the operators' CRDs with their CEL rules), and the PrometheusRule's groups through the real promtool.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, runTool, tempDir } from '@redis-lens/testkit';
import { stringify } from 'yaml';
import { one, renderChart } from './support/chart';
import { MODE_VALUES } from './support/modes';

/** The Kubernetes versions the chart supports (Chart.yaml kubeVersion >= 1.30): the oldest and the newest. */
const KUBERNETES_VERSIONS = ['1.30', '1.35'];

describe('kubectl-validate', () => {
  const dir = tempDir('chart-validate');
  afterAll(() => removeDir(dir));

  it.each(Object.keys(MODE_VALUES))('%s validates against Kubernetes 1.30 and 1.35 and the operator CRDs', (mode) => {
    const file = join(dir, `${mode}.yaml`);
    writeFileSync(file, renderChart(MODE_VALUES[mode]).map((o) => `---\n${stringify(o)}`).join(''));
    for (const version of KUBERNETES_VERSIONS) {
      const result = validate(file, version);
      expect({ version, status: result.status, output: result.stdout + result.stderr }).toMatchObject({ status: 0 });
    }
  });
});

describe('promtool', () => {
  it('accepts the PrometheusRule groups as a rule file', () => {
    const dir = tempDir('chart-promtool');
    try {
      const file = join(dir, 'rules.yml');
      writeFileSync(file, stringify({ groups: one(renderChart(MODE_VALUES.standalone), 'PrometheusRule').spec.groups }));
      const result = runTool('promtool', ['check', 'rules', file]);
      expect(result.stdout + result.stderr).toMatch(/SUCCESS: \d+ rules found/);
      expect(result.status).toBe(0);
    } finally {
      removeDir(dir);
    }
  });
});

function validate(file: string, version: string) {
  return runTool('kubectl-validate', [file, '--version', version, '--local-crds', crdDir()], { timeoutMs: 120_000 });
}

function crdDir(): string {
  return process.env.REDIS_LENS_CRD_DIR ?? '';
}
