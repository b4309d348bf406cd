// The leak check behind `npm test`: the test kit writes one file per spawned PID into REDIS_LENS_PID_DIR and removes
// it when the process exits. Anything still listed *and alive* after the run was left behind.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

/** Processes recorded in `pidDir` that are still running. */
function findLeftovers(pidDir) {
  let files = [];
  try {
    files = readdirSync(pidDir);
  } catch {
    return [];
  }
  return files
    .map((file) => {
      try {
        return { pid: Number(file), ...JSON.parse(readFileSync(join(pidDir, file), 'utf8')) };
      } catch {
        return { pid: Number(file), name: 'unknown', binary: 'unknown' };
      }
    })
    .filter(({ pid }) => Number.isInteger(pid) && pid > 0 && alive(pid));
}

/** SIGCONT first: a SIGSTOPped server ignores everything but SIGKILL and SIGCONT. */
function killAll(leftovers) {
  for (const { pid } of leftovers) {
    try {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}

module.exports = { findLeftovers, killAll };
