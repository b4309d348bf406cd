#!/usr/bin/env node
// `npm test`: type-check, run every jest project, then prove no process a test started is still running.
// The test kit records each process it spawns under REDIS_LENS_PID_DIR and removes the record when it exits.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import leakCheck from './leak-check.cjs';
import slowestTests from './slowest-tests.cjs';
import failedTestsReport from './failed-tests.cjs';

const pidDir = mkdtempSync(join(tmpdir(), 'redis-lens-pids-'));
// Each jest worker writes its tests' durations and timeouts here (scripts/jest-timing.cjs).
const timingDir = mkdtempSync(join(tmpdir(), 'redis-lens-timing-'));
const env = { ...process.env, REDIS_LENS_PID_DIR: pidDir, REDIS_LENS_TIMING_DIR: timingDir };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

let status = run('npx', ['tsc', '-p', 'tsconfig.json']);
if (status !== 0) {
  console.error('Type check failed.');
  process.exit(status);
}
// The Grafana plugin has its own tsconfig (DOM, JSX, bundler resolution), so it is checked on its own.
status = run('npx', ['tsc', '-p', 'plugin/tsconfig.json']);
if (status !== 0) {
  console.error('Plugin type check failed.');
  process.exit(status);
}
// Jest's results also go to a file, so the run ends on one plain `tests: N passed, N failed` line.
const resultsDir = mkdtempSync(join(tmpdir(), 'redis-lens-jest-'));
const resultsFile = join(resultsDir, 'results.json');
status = run('npx', ['jest', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)]);
const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
rmSync(resultsDir, { recursive: true, force: true });
const { readTimings, slowest, formatSlowest } = slowestTests;
const slowLines = formatSlowest(slowest(readTimings(timingDir)), process.cwd());
rmSync(timingDir, { recursive: true, force: true });

const { findLeftovers, killAll } = leakCheck;
const leftovers = findLeftovers(pidDir);
// The margin of the slowest tests, in every CI log, just above the closing lines.
for (const line of slowLines) console.log(line);
killAll(leftovers);
rmSync(pidDir, { recursive: true, force: true });
if (leftovers.length) {
  console.error(`Leak check FAILED: ${leftovers.length} process(es) started by tests were still running (now killed):`);
  for (const p of leftovers) console.error(`  pid ${p.pid} ${p.name} (${p.binary})`);
  process.exit(1);
}
console.log('Leak check: every process started by the tests has exited.');
if (results) {
  const { failedTests, formatFailed } = failedTestsReport;
  for (const line of formatFailed(failedTests(results), process.cwd())) console.log(line);
  console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed`);
}
process.exit(status);
