import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Builds a workspace and packs it as `npm publish` would; returns the tarball's path. */
export function packWorkspace(workspace: string, destination: string): string {
  execFileSync('npm', ['run', 'build', '-w', workspace], { cwd: ROOT, stdio: 'pipe' });
  const before = new Set(readdirSync(destination));
  execFileSync('npm', ['pack', '-w', workspace, '--pack-destination', destination], { cwd: ROOT, stdio: 'pipe' });
  const tarball = readdirSync(destination).find((f) => f.endsWith('.tgz') && !before.has(f));
  if (!tarball) throw new Error(`npm pack -w ${workspace} wrote no tarball`);
  return join(destination, tarball);
}

/**
 * A fresh project outside the repository (no workspace, no hoisting from it) with exactly `packages` installed —
 * tarball paths or `name@version` from the registry (the npm cache the repository's own install filled serves them
 * offline).
 */
export function createProject(dir: string, packages: string[], type: 'commonjs' | 'module' = 'commonjs'): void {
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true, type }),
  );
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...packages], {
    cwd: dir,
    stdio: 'pipe',
    timeout: 240_000,
  });
}
