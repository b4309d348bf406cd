// The slowest tests of a run and how much of their timeout they used, printed at the end of `npm test` so every CI
// log shows the margin. Input: the lines scripts/jest-timing.cjs wrote ({file, name, durationMs, timeoutMs}).
const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');

/** Every record in `dir`'s .jsonl files; an unreadable line is skipped (a report must not fail the run). */
function readTimings(dir) {
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  } catch {
    return [];
  }
  return files.flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        try {
          return [JSON.parse(line)];
        } catch {
          return [];
        }
      }),
  );
}

/**
 * The `count` longest records, longest first, plus any other that used more than `limitRatio` of its timeout.
 * A hook that runs per test (beforeEach) keeps only its longest run.
 */
function slowest(records, count = 10, limitRatio = 0.5) {
  const byKey = new Map();
  for (const r of records) {
    const key = `${r.file}\0${r.name}`;
    const seen = byKey.get(key);
    if (!seen || r.durationMs > seen.durationMs) byKey.set(key, { ...r, ratio: r.durationMs / r.timeoutMs });
  }
  const sorted = [...byKey.values()].sort((a, b) => b.durationMs - a.durationMs);
  return [...sorted.slice(0, count), ...sorted.slice(count).filter((r) => r.ratio > limitRatio)];
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Printable lines: one per test, `duration / timeout = ratio`, flagged when over `limitRatio`. */
function formatSlowest(rows, root, limitRatio = 0.5) {
  if (!rows.length) return [];
  const over = rows.filter((r) => r.ratio > limitRatio).length;
  return [
    `Slowest tests (duration / timeout; ${over ? `${over} over` : 'none over'} ${Math.round(limitRatio * 100)} %):`,
    ...rows.map(
      (r) =>
        `${seconds(r.durationMs).padStart(8)} / ${seconds(r.timeoutMs).padStart(7)} = ${`${Math.round(r.ratio * 100)} %`.padStart(5)}` +
        `${r.ratio > limitRatio ? ' !' : '  '} ${relative(root, r.file)}: ${r.name}`,
    ),
  ];
}

module.exports = { readTimings, slowest, formatSlowest };
