import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { directorySize, replayDockerfile, type ReplayedImage } from './dockerfile';
import { spawnManaged, type ManagedProcess } from './process';

/** uid/gid of the `node` user in the official node images (what `USER node` runs as). */
const NODE_IMAGE_USER = { uid: 1000, gid: 1000 };

export interface BuiltImage extends ReplayedImage {
  /** Bytes of the image's application directory (WORKDIR). */
  appBytes: number;
  /** Starts the ENTRYPOINT as the image would: its WORKDIR, its ENV plus `env`, its non-root user when we are root. */
  run(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ManagedProcess;
}

/** Replays a repository Dockerfile (context: the repository root) into `outDir`; see dockerfile.ts. */
export function buildImage(dockerfile: string, outDir: string): BuiltImage {
  const root = join(__dirname, '..', '..');
  const image = replayDockerfile(join(root, dockerfile), root, outDir);
  // The image's files belong to root and are world-readable; the replay's temp directory (mkdtemp) is private.
  chmodSync(outDir, 0o755);
  const asImageUser = image.user === 'node' && process.getuid?.() === 0 ? NODE_IMAGE_USER : {};
  return {
    ...image,
    appBytes: directorySize(image.path(image.workdir)),
    run(name, args, env, logFile) {
      const [entry, ...entryArgs] = image.entrypoint;
      return spawnManaged(name, image.path(entry), [...entryArgs, ...args], {
        cwd: image.path(image.workdir),
        env: { PATH: process.env.PATH, HOME: '/tmp', ...image.env, ...env },
        logFile,
        ...asImageUser,
      });
    },
  };
}
