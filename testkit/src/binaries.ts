import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Debian package that ships each binary the kit runs, so a missing one names its fix. */
export const DEBIAN_PACKAGES: Record<string, string> = {
  'redis-server': 'redis-server',
  'redis-sentinel': 'redis-sentinel',
  'redis-cli': 'redis-tools',
  prometheus: 'prometheus',
  promtool: 'prometheus',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  amtool: 'prometheus-alertmanager',
  'prometheus-redis-exporter': 'prometheus-redis-exporter',
  openssl: 'openssl',
  chromium: 'chromium',
};

const cache = new Map<string, string>();

/** Absolute path of `name`, or an error that tells the reader which Debian package to install. Never skips. */
export function requireBinary(name: string): string {
  const cached = cache.get(name);
  if (cached) return cached;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      cache.set(name, candidate);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  const pkg = DEBIAN_PACKAGES[name] ?? name;
  throw new Error(
    `'${name}' was not found on PATH. Install the Debian package '${pkg}' ` +
      `(apt-get install -y ${pkg}), or run 'npm run setup' as root to install everything the tests need.`,
  );
}
