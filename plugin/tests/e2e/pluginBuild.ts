import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '@redis-lens/testkit';

/** Newest modification time (ms) of the files a production build reads. */
function newestSource(pluginDir: string): number {
  let newest = 0;
  const walk = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      readdirSync(path).forEach((entry) => walk(join(path, entry)));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  ['src', '.config', 'webpack.config.ts', 'package.json', 'tsconfig.json'].forEach((p) => walk(join(pluginDir, p)));
  return newest;
}

/**
 * `webpack --env production` into plugin/dist, once for every browser test file: the files run in parallel jest
 * workers, and a second build cleaning dist/ under a test that is serving it would break that test. A lock directory
 * (mkdir is atomic) serialises the builds, and a stamp newer than every source skips a build that would change nothing.
 */
export async function buildPlugin(pluginDir: string, timeoutMs = 600_000): Promise<void> {
  const dist = join(pluginDir, 'dist');
  const lock = join(pluginDir, '.e2e-build.lock');
  // Beside dist/, not in it: the plugin validator checks what dist/ holds.
  const stamp = join(pluginDir, '.e2e-build-stamp');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) {
        throw new Error(`another plugin build held ${lock} for ${timeoutMs / 1000} s (remove it if no test runs)`);
      }
      await sleep(1000);
    }
  }
  try {
    const built = existsSync(join(dist, 'module.js')) && existsSync(stamp);
    if (built && statSync(stamp).mtimeMs > newestSource(pluginDir)) {
      return;
    }
    const build = spawnSync('npx', ['webpack', '-c', './webpack.config.ts', '--env', 'production'], {
      cwd: pluginDir,
      encoding: 'utf8',
    });
    if (build.status !== 0) {
      throw new Error(`plugin build failed:\n${build.stdout}\n${build.stderr}`);
    }
    writeFileSync(stamp, new Date().toISOString());
  } finally {
    rmdirSync(lock);
  }
}
