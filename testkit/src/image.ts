import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readVersions } from './binaries';
import { CONTAINER_FLAGS, inspect, podman } from './podman';
import { removeDir, tempDir } from './process';

const REPO_ROOT = join(__dirname, '..', '..');

export interface BuiltImage {
  /** `localhost/redis-lens-<name>:dev`. */
  ref: string;
  /** Image id (sha256 hex): immutable, unlike the tag another worktree's build may move. */
  id: string;
  sizeBytes: number;
  buildMs: number;
}

/** The base image the Dockerfiles' FROM names (versions.json `baseImage.ref`); set-up assembles a stand-in. */
export const baseImageRef = (): string => readVersions().baseImage.ref;

/** The CA bundle npm trusts here (npm's `cafile`, else NODE_EXTRA_CA_CERTS) and the registry it uses. */
function npmTrust(): { cafile?: string; registry: string } {
  const get = (key: string) => {
    try {
      const value = execFileSync('npm', ['config', 'get', key], { encoding: 'utf8', timeout: 30_000 }).trim();
      return value && value !== 'null' && value !== 'undefined' ? value : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    cafile: get('cafile') ?? process.env.NODE_EXTRA_CA_CERTS,
    registry: get('registry') ?? 'https://registry.npmjs.org/',
  };
}

/** Where a build mounts npm's trust; never part of an image (image tests prove it). */
export const BUILD_CA_PATH = '/run/build-ca.pem';
export const BUILD_NPMRC_PATH = '/usr/local/etc/npmrc';

const builds = new Map<string, Promise<BuiltImage>>();

/**
 * Builds `<name>/Dockerfile` (context: the repository root, unchanged Dockerfile) with `podman build`: the local
 * base image (`--pull=never`), layers cached between builds, and npm's CA and an npmrc naming it mounted for the
 * build's RUN steps only (`-v`, read-only). Once per process per image, unless `again` (e.g. to time a cached rebuild).
 */
export function buildImage(
  name: 'exporter' | 'demo',
  opts: { logFile?: string; again?: boolean } = {},
): Promise<BuiltImage> {
  const cached = builds.get(name);
  if (cached && !opts.again) return cached;
  const build = (async () => {
    const base = baseImageRef();
    const exists = await podman(['image', 'exists', base], { check: false });
    if (exists.code !== 0) {
      throw new Error(
        `base image ${base} is missing: run 'npm run setup' as root (scripts/build-base-image.sh assembles a ` +
          'stand-in for it from Debian packages and this machine\u2019s Node)',
      );
    }
    const ref = `localhost/redis-lens-${name}:dev`;
    const dir = tempDir(`build-${name}`);
    try {
      const { cafile, registry } = npmTrust();
      const mounts: string[] = [];
      const npmrc = [`registry=${registry}`, 'fund=false', 'audit=false', 'update-notifier=false'];
      if (cafile) {
        npmrc.push(`cafile=${BUILD_CA_PATH}`);
        mounts.push('-v', `${cafile}:${BUILD_CA_PATH}:ro`);
      }
      writeFileSync(join(dir, 'npmrc'), `${npmrc.join('\n')}\n`);
      mounts.push('-v', `${join(dir, 'npmrc')}:${BUILD_NPMRC_PATH}:ro`);
      const started = Date.now();
      await podman(
        [
          'build',
          '--pull=never',
          '--layers',
          '--format',
          'docker',
          ...CONTAINER_FLAGS,
          ...mounts,
          '-f',
          join(REPO_ROOT, name, 'Dockerfile'),
          '-t',
          ref,
          REPO_ROOT,
        ],
        { timeoutMs: 1_200_000, logFile: opts.logFile ?? join(dir, 'build.log') },
      ).catch((error: Error) => {
        throw new Error(`building ${name}/Dockerfile: ${error.message}`);
      });
      const buildMs = Date.now() - started;
      const image = await inspect(ref, 'image');
      return { ref, id: image.Id, sizeBytes: Number(image.Size), buildMs };
    } finally {
      removeDir(dir);
    }
  })();
  builds.set(name, build);
  build.catch(() => builds.delete(name));
  return build;
}
