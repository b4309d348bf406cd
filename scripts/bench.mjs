#!/usr/bin/env node
// `npm run bench [filter]`: runs every bench/*.bench.ts (TypeScript via @swc-node/register) one after another, so
// benchmarks never compete for the 2 cores. Each file measures its anchor in the same run and records rows in
// bench/results.json through bench/lib/results.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const dir = new URL('../bench/', import.meta.url).pathname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (!files.length) {
  console.error(`no bench/*.bench.ts matches '${filter}'`);
  process.exit(1);
}
const env = { ...process.env, REDIS_LENS_PID_DIR: mkdtempSync(join(tmpdir(), 'redis-lens-bench-pids-')) };
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const { status } = spawnSync(process.execPath, ['-r', '@swc-node/register', join(dir, file)], {
    stdio: 'inherit',
    env,
  });
  if (status !== 0) {
    failed++;
    console.error(`${file} failed with status ${status}`);
  }
}
process.exit(failed ? 1 : 0);
