import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Docker cannot run here, so this checks what a build would need: every COPY source exists in the repository,
// the runtime user is not root, and the entrypoint is the package's bin.
const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .split('\n')
  .filter((l) => l.trim() && !l.trim().startsWith('#'))
  .map((l) => l.trim());

describe('exporter/Dockerfile', () => {
  it('copies only files that exist (build context: repository root)', () => {
    const copies = instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='));
    expect(copies.length).toBeGreaterThan(0);
    for (const line of copies) {
      const parts = line.split(/\s+/).slice(1);
      for (const source of parts.slice(0, -1))
        expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
    }
  });

  it('uses Node 20 slim stages, runs as a non-root user, and starts the package bin', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^FROM node:20-bookworm-slim/);
    const users = instructions.filter((l) => l.startsWith('USER '));
    expect(users.at(-1)).toBe('USER node');
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    const entry = instructions.find((l) => l.startsWith('ENTRYPOINT '))!;
    const bin: string = pkg.bin['redis-lens-exporter'];
    expect(JSON.parse(entry.slice('ENTRYPOINT '.length))).toEqual([`/app/${bin}`]);
    // The bin is a committed shim that loads the compiled CLI from the build's outDir.
    const build = JSON.parse(readFileSync(join(__dirname, '..', 'tsconfig.build.json'), 'utf8'));
    const shim = readFileSync(join(__dirname, '..', bin), 'utf8');
    // `env -S` (coreutils ≥ 8.30, in the bookworm image) passes the V8 flag the exporter's memory budget needs.
    expect(shim).toMatch(/^#!\/usr\/bin\/env (-S )?node( --max-semi-space-size=\d+)?\n/);
    expect(shim).toContain(`require('../${build.compilerOptions.outDir}/cli.js')`);
    expect(statSync(join(__dirname, '..', bin)).mode & 0o111).not.toBe(0);
    expect(instructions).toContain('EXPOSE 9121');
  });
});
