import { readFileSync } from 'node:fs';

/** getconf CLK_TCK on Linux x86_64. */
export const CLOCK_TICKS = 100;

/** utime + stime of a process in clock ticks, from /proc/<pid>/stat. */
export function cpuTicks(pid: number): number {
  // Fields after the ")" of comm: state is field 3; utime and stime are fields 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** This process's CPU time (user + system) in ns: less sensitive than wall time to other jobs on the machine. */
export function selfCpuNs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

function statusKb(pid: number, field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Peak resident set (VmHWM) in MB. */
export const peakRssMb = (pid: number): number => statusKb(pid, 'VmHWM') / 1024;
/** Current resident set (VmRSS) in MB. */
export const rssMb = (pid: number): number => statusKb(pid, 'VmRSS') / 1024;

/** The V8 flags of a package bin's shebang (`#!/usr/bin/env -S node --flag …`), to run it as npx and the image do. */
export function shebangFlags(bin: string): string[] {
  return readFileSync(bin, 'utf8')
    .split('\n')[0]
    .split(/\s+/)
    .filter((word) => word.startsWith('--'));
}
