import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';

/**
 * No Docker engine runs here, so a Dockerfile is checked by replaying it: every stage gets a directory standing for
 * its filesystem root, COPY copies with Docker's rules, RUN runs its shell command in the stage's WORKDIR. The base
 * image's Node is this machine's Node (the caller checks the major version matches the FROM tag). Only the
 * instructions redis-lens's Dockerfiles use are understood; anything else is an error, so a new instruction cannot
 * slip past the replay.
 */
export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  name?: string;
  from: string;
  instructions: DockerInstruction[];
}

export interface ReplayedImage {
  /** Directory standing for the final stage's `/`. */
  root: string;
  from: string;
  workdir: string;
  user?: string;
  env: Record<string, string>;
  entrypoint: string[];
  expose: string[];
  /** Host path for a path inside the image. */
  path(inImage: string): string;
}

/** Instructions with continuation lines joined; comments and blank lines dropped. */
export function parseDockerfile(text: string): DockerStage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (!line || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!m) throw new Error(`cannot read FROM ${args}`);
      stages.push({ from: m[1], name: m[2], instructions: [] });
    } else {
      if (!stages.length) throw new Error(`${keyword} before FROM`);
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

function copy(source: string, destination: string, intoDirectory: boolean): void {
  const target = intoDirectory && !statSync(source).isDirectory() ? join(destination, basename(source)) : destination;
  mkdirSync(intoDirectory ? destination : join(target, '..'), { recursive: true });
  // A directory's contents land in the destination, as with Docker; links stay links.
  cpSync(source, target, { recursive: true, verbatimSymlinks: true });
}

/** Replays `dockerfile` with `context` as the build context into `outDir`; returns the final stage. */
export function replayDockerfile(dockerfile: string, context: string, outDir: string): ReplayedImage {
  const stages = parseDockerfile(readFileSync(dockerfile, 'utf8'));
  const roots: string[] = [];
  let image: ReplayedImage | undefined;
  stages.forEach((stage, index) => {
    const root = join(outDir, `stage-${index}`);
    mkdirSync(root, { recursive: true });
    roots.push(root);
    const inRoot = (p: string) => join(root, p);
    const state = { workdir: '/', env: {} as Record<string, string>, user: undefined as string | undefined };
    const entry: Partial<ReplayedImage> = { entrypoint: [], expose: [] };
    for (const { keyword, args } of stage.instructions) {
      switch (keyword) {
        case 'WORKDIR':
          state.workdir = posix.resolve(state.workdir, args);
          mkdirSync(inRoot(state.workdir), { recursive: true });
          break;
        case 'ENV': {
          const m = /^(\S+?)[= ](.*)$/.exec(args);
          if (!m) throw new Error(`${dockerfile}: cannot read ENV ${args}`);
          state.env[m[1]] = m[2];
          break;
        }
        case 'COPY': {
          const parts = args.split(/\s+/);
          const fromFlag = parts[0].startsWith('--from=') ? parts.shift()!.slice('--from='.length) : undefined;
          const dest = parts.pop()!;
          let base = context;
          if (fromFlag !== undefined) {
            const sourceIndex = stages.findIndex((s, i) => s.name === fromFlag || String(i) === fromFlag);
            if (sourceIndex < 0 || sourceIndex >= index) throw new Error(`${dockerfile}: COPY --from=${fromFlag}`);
            base = roots[sourceIndex];
          }
          const destination = inRoot(posix.resolve(state.workdir, dest));
          const intoDirectory = dest.endsWith('/') || parts.length > 1;
          for (const source of parts) copy(join(base, source), destination, intoDirectory);
          break;
        }
        case 'RUN':
          execFileSync('bash', ['-euo', 'pipefail', '-c', args], {
            cwd: inRoot(state.workdir),
            env: { ...process.env, ...state.env },
            stdio: 'pipe',
            timeout: 300_000,
          });
          break;
        case 'USER':
          state.user = args;
          break;
        case 'EXPOSE':
          entry.expose!.push(...args.split(/\s+/));
          break;
        case 'ENTRYPOINT':
          entry.entrypoint = JSON.parse(args) as string[];
          break;
        case 'HEALTHCHECK':
        case 'CMD':
          break;
        default:
          throw new Error(`${dockerfile}: the replay does not know ${keyword}`);
      }
    }
    image = {
      root,
      from: stage.from,
      workdir: state.workdir,
      user: state.user,
      env: state.env,
      entrypoint: entry.entrypoint!,
      expose: entry.expose!,
      path: inRoot,
    };
  });
  if (!image) throw new Error(`${dockerfile}: no stage`);
  return image;
}

/** Bytes under `dir` (files as stored, like an image layer's size before compression). */
export function directorySize(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}
