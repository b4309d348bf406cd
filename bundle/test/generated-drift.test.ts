// Generated files are committed so operators can read and mount them; this fails when they drift from the
// generator. Fix: `npm run generate` and commit the result.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles, REPO_ROOT } from '../src/outputs';

describe('generated files', () => {
  it.each(Object.keys(generatedFiles()))('%s matches the generator (run `npm run generate`)', (path) => {
    const onDisk = join(REPO_ROOT, path);
    expect(existsSync(onDisk)).toBe(true);
    expect(readFileSync(onDisk, 'utf8')).toBe(generatedFiles()[path]);
  });
});
