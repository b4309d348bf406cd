// The slowest-tests list at the end of `npm test`: the recorder (scripts/jest-timing.cjs) runs inside a real jest run
// of a fixture, then the list is built from what it wrote.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { removeDir, tempDir } from '@redis-lens/testkit';

interface TimingRecord {
  file: string;
  name: string;
  durationMs: number;
  timeoutMs: number;
}
type Row = TimingRecord & { ratio: number };
const { readTimings, slowest, formatSlowest } = require('../scripts/slowest-tests.cjs') as {
  readTimings(dir: string): TimingRecord[];
  slowest(records: TimingRecord[], count?: number, limitRatio?: number): Row[];
  formatSlowest(rows: Row[], root: string, limitRatio?: number): string[];
};

const ROOT = join(__dirname, '..');
const fixtures = join(__dirname, 'fixtures', 'timing');

test('the recorder writes each test and hook with its duration and the timeout jest gave it', () => {
  const dir = tempDir('timing');
  try {
    const config = {
      rootDir: fixtures,
      testMatch: ['**/*.fixture.js'],
      testEnvironment: 'node',
      transform: {},
      setupFilesAfterEnv: [join(ROOT, 'scripts', 'jest-timing.cjs')],
    };
    const run = spawnSync(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--ci', '--runInBand'],
      { cwd: fixtures, env: { ...process.env, REDIS_LENS_TIMING_DIR: dir }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(0);
    const records = readTimings(dir);
    const byName = Object.fromEntries(records.map((r) => [r.name, r]));
    // (jest adds a beforeEach of its own, for resetMocks and the like.)
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['(beforeAll)', 'group › waits', 'quick']));
    expect(records.every((r) => r.file === join(fixtures, 'timing.fixture.js'))).toBe(true);
    expect(byName['group › waits']).toMatchObject({ timeoutMs: 1000 });
    expect(byName['group › waits'].durationMs).toBeGreaterThanOrEqual(190);
    expect(byName['(beforeAll)']).toMatchObject({ timeoutMs: 4000 });
    expect(byName.quick.timeoutMs).toBe(5000); // jest's default

    const rows = slowest(records);
    expect(rows[0].name).toBe('group › waits');
    const lines = formatSlowest(rows, ROOT);
    expect(lines[0]).toMatch(/^Slowest tests \(duration \/ timeout; none over 50 %\):$/);
    expect(lines[1]).toMatch(
      /^ +0\.\d s \/ +1\.0 s = +\d+ % {3}test\/fixtures\/timing\/timing\.fixture\.js: group › waits$/,
    );
  } finally {
    removeDir(dir);
  }
});

test('the list keeps the ten longest, the longest run of a repeated hook, and every test over half its timeout', () => {
  const rec = (name: string, durationMs: number, timeoutMs = 120_000) => ({
    file: '/r/a.test.ts',
    name,
    durationMs,
    timeoutMs,
  });
  const records = [
    ...Array.from({ length: 12 }, (_, i) => rec(`t${i}`, 10_000 + i * 1000)),
    rec('(beforeEach)', 100),
    rec('(beforeEach)', 300),
    rec('tight', 3000, 5000),
  ];
  const rows = slowest(records);
  expect(rows.map((r) => r.name)).toEqual(['t11', 't10', 't9', 't8', 't7', 't6', 't5', 't4', 't3', 't2', 'tight']);
  expect(slowest(records, 20).filter((r) => r.name === '(beforeEach)')).toEqual([
    expect.objectContaining({ durationMs: 300 }),
  ]);
  const lines = formatSlowest(rows, '/r');
  expect(lines[0]).toBe('Slowest tests (duration / timeout; 1 over 50 %):');
  expect(lines.at(-1)).toBe('   3.0 s /   5.0 s =  60 % ! a.test.ts: tight');
  expect(formatSlowest([], '/r')).toEqual([]);
});
