const fs = require('node:fs');
const path = require('node:path');

// One jest run over every workspace that has a jest config, plus the stack-level tests in test/.
const projects = ['testkit', 'instrument', 'exporter', 'demo', 'bundle', 'plugin', 'test']
  .map((dir) => path.join(__dirname, dir))
  .filter((dir) => fs.existsSync(path.join(dir, 'jest.config.js')));

// testTimeout is a global option in jest, so it is set here as well as in jest.base.js.
module.exports = { projects, testTimeout: 120_000 };
