import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '@redis-lens/testkit';

// The exporter's image is replayed for real (exporter/test/dockerfile.test.ts); the demo's follows the same recipe,
// so here its build inputs are checked: every COPY source exists, it runs as the image's non-root user, and it
// starts the demo's bin.
const root = join(__dirname, '..', '..');
const stages = parseDockerfile(readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8'));

describe('demo/Dockerfile', () => {
  it('copies only files that exist (build context: repository root)', () => {
    for (const { keyword, args } of stages.flatMap((s) => s.instructions)) {
      if (keyword !== 'COPY' || args.startsWith('--from=')) continue;
      for (const source of args.split(/\s+/).slice(0, -1))
        expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
    }
  });

  it('builds the library and the demo only, and runs the demo bin as a non-root user', () => {
    const final = stages.at(-1)!.instructions;
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    expect(final.filter((i) => i.keyword === 'USER').at(-1)?.args).toBe('node');
    const entry = final.find((i) => i.keyword === 'ENTRYPOINT')!;
    expect(JSON.parse(entry.args)).toEqual([`/app/${pkg.bin['redis-lens-demo']}`]);
    const runs = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args));
    expect(runs.join('\n')).not.toMatch(/-w (exporter|bundle|plugin|testkit)\b/);
  });
});
