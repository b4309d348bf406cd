// Where the exporter's idle memory goes (#23 asks for an idle peak RSS ≤ 50 MB): the resident set of a fresh Node
// process with the package bin's V8 flags, then with each dependency the exporter loads required on top, then with
// the exporter's whole module graph (dist/cli.js, nothing started). Each figure is the median of five fresh processes;
// the anchor is the bare process, so `ratio` says how much of the floor each part adds.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shebangFlags } from './lib/proc';
import { recordRows, row, type BenchRow } from './lib/results';

const root = join(__dirname, '..');
const RUNS = 5;

/** The V8 flags of exporter/bin/redis-lens-exporter.js' shebang, so the floor is the one the container runs with. */
const BIN_FLAGS = shebangFlags(join(root, 'exporter', 'bin', 'redis-lens-exporter.js'));

/** VmRSS (MB) of a fresh node that has required `modules` and run a full GC, median of RUNS processes. */
function residentMb(modules: string[]): number {
  const code = [
    ...modules.map((m) => `require(${JSON.stringify(m)});`),
    'globalThis.gc();',
    "const s = require('fs').readFileSync('/proc/self/status', 'utf8');",
    'process.stdout.write(/VmRSS:\\s+(\\d+)/.exec(s)[1]);',
  ].join('\n');
  const samples = Array.from({ length: RUNS }, () => {
    const run = spawnSync(process.execPath, [...BIN_FLAGS, '--expose-gc', '-e', code], {
      cwd: join(root, 'exporter'),
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`node -e for ${modules.join(', ')} failed: ${run.stderr}`);
    return Number(run.stdout) / 1024;
  }).sort((a, b) => a - b);
  return samples[Math.floor(RUNS / 2)];
}

function main() {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ');
  const notes = `V8 flags ${BIN_FLAGS.join(' ')}; median of ${RUNS} fresh processes after a full GC; load average ${load}`;
  const bare = residentMb([]);
  const floor = { name: 'bare node process (same V8 flags)', value: bare };
  const alone: Array<[string, string[]]> = [
    ['ioredis', ['ioredis']],
    ['pino', ['pino']],
    ['OpenTelemetry metrics SDK', ['@opentelemetry/api', '@opentelemetry/sdk-metrics', '@opentelemetry/resources']],
    ['OpenTelemetry Prometheus exporter', ['@opentelemetry/exporter-prometheus']],
  ];
  const rows: BenchRow[] = [row('startup memory: bare node process', bare, 'MB', undefined, notes)];
  for (const [name, modules] of alone)
    rows.push(row(`startup memory: bare node + ${name}`, residentMb(modules), 'MB', floor, notes));
  rows.push(
    row(
      "startup memory: the exporter's module graph (dist/cli.js, nothing started)",
      residentMb([join(root, 'exporter', 'dist', 'cli.js')]),
      'MB',
      floor,
      `${notes}; the running exporter's idle peak is the fleet bench's 'fleet: idle peak RSS'`,
    ),
  );
  recordRows(rows);
}

main();
