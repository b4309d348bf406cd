const fs = require('node:fs');
const path = require('node:path');

// One jest run over every workspace that has a jest config, plus the stack-level tests in test/.
const projects = ['testkit', 'instrument', 'exporter', 'demo', 'bundle', 'plugin', 'deploy', 'test']
  .map((dir) => path.join(__dirname, dir))
  .filter((dir) => fs.existsSync(path.join(dir, 'jest.config.js')));

// testTimeout is a global option in jest, so it is set here as well as in jest.base.js.
// Two workers on the 2-core machines: most test time is waiting on real servers (failovers, scrapes, Chromium), so
// two files at once roughly halve the wall time; jest's default here would be one (cores − 1).
// maxConcurrency bounds test.concurrent tests per file (the plugin's runbook pages, each in its own browser page): a
// page load is CPU-bound, so two keep both cores busy and more only make each test wait longer within its timeout.
module.exports = { projects, testTimeout: 120_000, maxWorkers: 2, maxConcurrency: 2 };
