// The failed tests of a run, one line each, printed last by `npm test`: CI keeps only the tail of a long log, and
// jest prints each failure where it happened, possibly thousands of lines earlier. Input: jest's --json results.
const { relative } = require('node:path');

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The first informative line of a failure message (not jest's `● Test suite failed to run` heading), without colour
 * codes, cut to `width` characters.
 */
function firstLine(message, width = 200) {
  const line =
    String(message ?? '')
      .replace(ANSI, '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('●')) ?? '';
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** `{file, name, reason}` for each failed test, and one per file that failed without a failed test (a crash). */
function failedTests(results) {
  const rows = [];
  for (const file of results?.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    // Named as the slowest-tests list names them: describe titles and the test's, joined by ' › '.
    for (const a of failed) {
      const name = [...(a.ancestorTitles ?? []), a.title].join(' › ');
      rows.push({ file: file.name, name, reason: firstLine(a.failureMessages?.[0]) });
    }
    if (!failed.length && file.status === 'failed')
      rows.push({ file: file.name, name: '(test file)', reason: firstLine(file.message) });
  }
  return rows;
}

function formatFailed(rows, root) {
  if (!rows.length) return [];
  return [
    `Failed tests (${rows.length}):`,
    ...rows.map((r) => `  ${relative(root, r.file)}: ${r.name}\n      ${r.reason}`),
  ];
}

module.exports = { failedTests, formatFailed, firstLine };
