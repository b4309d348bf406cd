import { readFileSync } from 'node:fs';

/** CPU time (user + system) of a process in clock ticks, from /proc/<pid>/stat. */
export function cpuTicks(pid: number): number {
  // Fields after the ")" of comm: state is field 3; utime and stime are fields 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Clock ticks per second (getconf CLK_TCK on Linux x86_64). */
export const CLOCK_TICKS = 100;

/** Peak resident set size (VmHWM) of a process in MB. */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
