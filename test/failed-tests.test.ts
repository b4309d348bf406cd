// The failed-tests list `npm test` prints last, built from a real jest --json run of a fixture with one failing test.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from '@redis-lens/testkit';

interface Row {
  file: string;
  name: string;
  reason: string;
}
const { failedTests, formatFailed, firstLine } = require('../scripts/failed-tests.cjs') as {
  failedTests(results: unknown): Row[];
  formatFailed(rows: Row[], root: string): string[];
  firstLine(message: string, width?: number): string;
};

const fixtures = join(__dirname, 'fixtures', 'failing');

test('each failed test, and a file that could not run, get one line with the first line of their error', () => {
  const dir = tempDir('failed-tests');
  try {
    const output = join(dir, 'results.json');
    const config = { rootDir: fixtures, testMatch: ['**/*.fixture.js'], testEnvironment: 'node', transform: {} };
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--config',
        JSON.stringify(config),
        '--ci',
        '--runInBand',
        '--json',
        `--outputFile=${output}`,
      ],
      { cwd: fixtures, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(1);
    const rows = failedTests(JSON.parse(readFileSync(output, 'utf8')));
    expect(rows.map((r) => r.name).sort()).toEqual(['(test file)', 'group › fails']);
    expect(rows.find((r) => r.name === 'group › fails')!.reason).toContain('expect(received).toBe(expected)');
    expect(rows.find((r) => r.name === '(test file)')!.reason).toContain('broken fixture');
    const lines = formatFailed(rows, fixtures);
    expect(lines[0]).toBe('Failed tests (2):');
    expect(lines.join('\n')).toContain('fails.fixture.js: group › fails');
    expect(lines.join('\n')).not.toMatch(/\u001b\[/);
  } finally {
    removeDir(dir);
  }
});

test('no failures print nothing; long reasons are cut', () => {
  expect(formatFailed(failedTests({ testResults: [] }), '/')).toEqual([]);
  expect(firstLine('\n\u001b[31m' + 'x'.repeat(300) + '\u001b[39m\nsecond', 20)).toBe('x'.repeat(19) + '…');
});
