import { readFileSync } from 'node:fs';

/**
 * Time until `used_memory` reaches the limit, from a least-squares line through the readings of the last
 * `--memory.forecast-window`. Pure apart from reading the cgroup limit (cgroupMemoryLimit).
 */
export interface MemoryReading {
  atMs: number;
  usedBytes: number;
}

export type LimitSource = 'maxmemory' | 'cgroup' | 'system';

export interface MemoryLimit {
  bytes: number;
  source: LimitSource;
}

/** Least-squares slope (bytes/s) of the readings; undefined with fewer than 2 readings or no time spread. */
export function growthRate(readings: readonly MemoryReading[]): number | undefined {
  if (readings.length < 2) return undefined;
  const t0 = readings[0].atMs;
  let st = 0;
  let sy = 0;
  for (const r of readings) {
    st += (r.atMs - t0) / 1000;
    sy += r.usedBytes;
  }
  const mt = st / readings.length;
  const my = sy / readings.length;
  let sxy = 0;
  let sxx = 0;
  for (const r of readings) {
    const dt = (r.atMs - t0) / 1000 - mt;
    sxy += dt * (r.usedBytes - my);
    sxx += dt * dt;
  }
  return sxx > 0 ? sxy / sxx : undefined;
}

/** Seconds until `limit` at `slope` bytes/s from `used`: 0 when already there, +Inf when not growing. */
export function timeToFull(usedBytes: number, limitBytes: number, slope: number | undefined): number {
  if (usedBytes >= limitBytes) return 0;
  if (slope === undefined || !(slope > 0)) return Infinity;
  return (limitBytes - usedBytes) / slope;
}

/**
 * The limit Redis runs into: `maxmemory` when set; otherwise the cgroup limit when the exporter shares the machine
 * with Redis (a loopback or unix-socket target; Redis does not report its own cgroup); otherwise the machine's memory
 * as Redis reports it (`total_system_memory`).
 */
export function memoryLimit(
  maxmemory: number | undefined,
  totalSystemMemory: number | undefined,
  cgroupLimit: number | undefined,
): MemoryLimit | undefined {
  if (maxmemory && maxmemory > 0) return { bytes: maxmemory, source: 'maxmemory' };
  if (cgroupLimit && cgroupLimit > 0 && (!totalSystemMemory || cgroupLimit < totalSystemMemory)) {
    return { bytes: cgroupLimit, source: 'cgroup' };
  }
  if (totalSystemMemory && totalSystemMemory > 0) return { bytes: totalSystemMemory, source: 'system' };
  return undefined;
}

/** cgroup v2 `memory.max` or v1 `memory.limit_in_bytes` text: bytes, or undefined for "max"/unlimited/garbage. */
export function parseCgroupLimit(text: string | undefined): number | undefined {
  const trimmed = text?.trim();
  if (!trimmed || !/^\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  // cgroup v1 writes "no limit" as a page-rounded LONG_MAX.
  return n > 0 && n < 2 ** 62 ? n : undefined;
}

export function cgroupMemoryLimit(root = '/sys/fs/cgroup'): number | undefined {
  for (const file of [`${root}/memory.max`, `${root}/memory/memory.limit_in_bytes`]) {
    try {
      const limit = parseCgroupLimit(readFileSync(file, 'utf8'));
      if (limit !== undefined) return limit;
    } catch {
      // Not this cgroup version, or not readable: try the next.
    }
  }
  return undefined;
}

/** Readings within the window ending at the newest one, at most `maxPoints` (oldest dropped). */
export class ReadingWindow {
  private readonly readings: MemoryReading[] = [];
  constructor(
    private readonly windowMs: number,
    private readonly maxPoints = 4096,
  ) {}

  add(reading: MemoryReading): void {
    this.readings.push(reading);
    const from = reading.atMs - this.windowMs;
    while (this.readings.length > this.maxPoints || (this.readings.length && this.readings[0].atMs < from)) {
      this.readings.shift();
    }
  }

  all(): readonly MemoryReading[] {
    return this.readings;
  }
}
