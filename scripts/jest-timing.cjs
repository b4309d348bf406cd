// Jest setup file (every project's setupFilesAfterEnv): records how long each test function and each hook ran and
// the timeout jest gave it, so `npm test` can show the margin (scripts/slowest-tests.cjs). Jest's own --json results
// have durations but no timeouts, and a test's timeout can be set per test or per hook.
// Circus calls every function in the global EVENT_HANDLERS list for each event (the same list its own reporters
// use); a documented environment's handleTestEvent would not reach files that pick their environment by docblock.
// Without REDIS_LENS_TIMING_DIR (a plain `npx jest`) it does nothing.
/* global expect */
const dir = process.env.REDIS_LENS_TIMING_DIR;
const handlers = globalThis[Symbol.for('EVENT_HANDLERS')];

if (dir && Array.isArray(handlers)) {
  const { appendFileSync } = require('node:fs');
  const { join } = require('node:path');
  const started = new Map();
  const records = [];

  // "describe › test", as jest names a test in its reports.
  const titleOf = (block, own) => {
    const names = [own];
    for (let b = block; b && b.parent; b = b.parent) names.unshift(b.name);
    return names.join(' › ');
  };
  const finish = (key, name, timeout) => {
    const start = started.get(key);
    if (start === undefined) return;
    started.delete(key);
    records.push({ name, durationMs: Math.round(performance.now() - start), timeoutMs: timeout });
  };

  handlers.push((event, state) => {
    switch (event.name) {
      case 'test_fn_start':
      case 'hook_start':
        started.set(event.test ?? event.hook, performance.now());
        break;
      case 'test_fn_success':
      case 'test_fn_failure':
        finish(event.test, titleOf(event.test.parent, event.test.name), event.test.timeout || state.testTimeout);
        break;
      case 'hook_success':
      case 'hook_failure':
        finish(event.hook, titleOf(event.hook.parent, `(${event.hook.type})`), event.hook.timeout || state.testTimeout);
        break;
      case 'run_finish': {
        const file = expect.getState().testPath;
        const lines = records.map((r) => JSON.stringify({ file, ...r }) + '\n').join('');
        // One file per test file's worker process; appends are whole lines.
        if (lines) appendFileSync(join(dir, `${process.pid}.jsonl`), lines);
        records.length = 0;
        break;
      }
    }
  });
}
