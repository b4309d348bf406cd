// `npm run generate`: writes every generated file of the bundle. bundle/test/generated-drift.test.ts fails when the
// committed files differ from what this would write.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles, REPO_ROOT } from './outputs';

for (const [path, content] of Object.entries(generatedFiles())) {
  const target = join(REPO_ROOT, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote ${path}`);
}
