// Grafana's plugin validator (plugincheck2, Apache-2.0, built from its Go module by `npm run setup`) on the built app
// plugin, packaged as Grafana's catalog expects: a zip of dist/ under a directory named for the plugin id.
// Every analyzer that works offline runs; those that cannot run here are switched off below, each with the reason.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, requireBinary, runTool, tempDir } from '@redis-lens/testkit';

const ROOT = join(__dirname, '..');
const PLUGIN_DIR = join(ROOT, 'plugin');
const pluginJson = JSON.parse(readFileSync(join(PLUGIN_DIR, 'src', 'plugin.json'), 'utf8'));

/** Analyzers that need what this machine does not have; the rest all run. */
export const OFFLINE_SKIPS: Record<string, string> = {
  brokenlinks: 'requests every link in the README and plugin.json over the internet',
  circulardependencies: "asks grafana.com's plugin API for the dependencies' own dependencies",
  coderules: 'runs semgrep, which is not a Debian package here (its rules are fetched from the internet)',
  gosec: 'runs gosec on a Go backend (this plugin has none, and gosec is not installed)',
  llmreview: 'sends the source to an LLM API',
  metadataschema: "fetches the plugin.json schema from Grafana's GitHub repository",
  osvscanner: 'runs osv-scanner, which queries the OSV vulnerability database online',
  provenance: "asks GitHub's attestation API about the archive's build provenance",
  published: "asks grafana.com whether the plugin is already in Grafana's catalog",
  signature: 'a locally built plugin is unsigned (compose loads it with allow_loading_unsigned_plugins)',
  version: "compares the version with the latest published one on grafana.com's API",
  virusscan: 'runs clamscan, which needs a virus database downloaded from the internet',
};

interface Diagnostic {
  Severity: string;
  Title: string;
  Detail: string;
  Name: string;
}

describe('plugincheck2 on the built plugin', () => {
  let dir: string;
  let report: Record<string, Diagnostic[]>;

  beforeAll(() => {
    dir = tempDir('plugincheck');
    const id: string = pluginJson.id;
    const out = join(dir, id);
    // `npm run build -w plugin`, into a directory of its own (the browser tests build plugin/dist at the same time).
    const build = spawnSync('npm', ['run', 'build', '-w', 'plugin', '--', '--output-path', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (build.status !== 0) throw new Error(`plugin build failed:\n${build.stdout}\n${build.stderr}`);
    const zip = spawnSync(requireBinary('zip'), ['-qr', `${id}.zip`, id], { cwd: dir, encoding: 'utf8' });
    if (zip.status !== 0) throw new Error(`zip failed: ${zip.stderr}`);
    const config = join(dir, 'plugincheck.yaml');
    // JSON is YAML.
    writeFileSync(
      config,
      JSON.stringify({
        global: { enabled: true, severity: 'warning', jsonOutput: true, reportAll: false },
        analyzers: Object.fromEntries(Object.keys(OFFLINE_SKIPS).map((name) => [name, { enabled: false }])),
      }),
    );
    const result = runTool(
      'plugincheck2',
      ['-config', config, '-sourceCodeUri', `file://${PLUGIN_DIR}`, join(dir, `${id}.zip`)],
      { timeoutMs: 300_000 },
    );
    const parsed = JSON.parse(result.stdout) as { 'plugin-validator': Record<string, Diagnostic[]> };
    report = parsed['plugin-validator'];
  }, 900_000);
  afterAll(() => {
    if (dir) removeDir(dir);
  });

  it('reports no error and no warning from any analyzer that runs offline', () => {
    const findings = Object.entries(report).flatMap(([analyzer, diags]) =>
      diags
        .filter((d) => d.Severity !== 'ok' && d.Severity !== 'recommendation')
        .map((d) => `${analyzer}: ${d.Severity}: ${d.Title}`),
    );
    expect(findings).toEqual([]);
  });

  it('ran the offline analyzers, none of the switched-off ones', () => {
    expect(Object.keys(report).filter((name) => name in OFFLINE_SKIPS)).toEqual([]);
  });
});
