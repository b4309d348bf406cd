import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary, runTool } from '@redis-lens/testkit';

/**
 * Analyzers of Grafana's plugin validator (plugincheck2, Apache-2.0, built from its Go module by `npm run setup`)
 * that cannot run on this machine, by the name the validator gives them, each with the reason. Every other analyzer
 * runs.
 */
export const OFFLINE_SKIPS: Record<string, string> = {
  circulardependencies: "asks grafana.com's plugin API about the dependencies' own dependencies",
  'code-rules': 'runs semgrep, which is not installed here (and fetches its rules online)',
  'go-sec': 'runs gosec on a Go backend: this plugin has none, and gosec is not installed',
  llmreview: 'sends the source to an LLM API',
  metadataschema: "fetches the plugin.json schema from Grafana's GitHub repository",
  'osv-scanner': 'queries the OSV vulnerability database online',
  provenance: "asks GitHub's attestation API about the archive's build provenance",
  'published-plugin': "asks grafana.com whether the plugin is already in Grafana's catalog",
  version: "compares the version with the latest one published on grafana.com's API",
  virusscan: 'runs clamscan, whose virus database is downloaded online',
};

export interface Diagnostic {
  Severity: string;
  Title: string;
  Name: string;
}

/**
 * Packages `dist` as the catalog expects (a zip holding one directory named for the plugin id), runs plugincheck2
 * on it with the source code beside it, and returns every finding by analyzer.
 */
export function runPluginCheck(dist: string, pluginId: string, sourceDir: string): Record<string, Diagnostic[]> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-lens-plugincheck-'));
  try {
    cpSync(dist, join(dir, pluginId), { recursive: true });
    const zip = spawnSync(requireBinary('zip'), ['-qr', `${pluginId}.zip`, pluginId], { cwd: dir, encoding: 'utf8' });
    if (zip.status !== 0) throw new Error(`zip failed: ${zip.stderr}`);
    const config = join(dir, 'plugincheck.yaml');
    // JSON is YAML.
    writeFileSync(
      config,
      JSON.stringify({
        global: { enabled: true, severity: 'warning', jsonOutput: true, reportAll: false },
        analyzers: Object.fromEntries(Object.keys(OFFLINE_SKIPS).map((name) => [name, { enabled: false }])),
      })
    );
    const result = runTool(
      'plugincheck2',
      ['-config', config, '-sourceCodeUri', `file://${sourceDir}`, join(dir, `${pluginId}.zip`)],
      { timeoutMs: 180_000 }
    );
    try {
      return (JSON.parse(result.stdout) as { 'plugin-validator': Record<string, Diagnostic[]> })['plugin-validator'];
    } catch {
      throw new Error(`plugincheck2 exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
