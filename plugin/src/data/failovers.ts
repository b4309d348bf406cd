import { label, Series } from './series';

export interface FailoverEvent {
  masterName: string;
  /** unix ms when the change was first seen. */
  time: number;
  fromAddress?: string;
  toAddress?: string;
  result: 'success' | 'aborted' | 'unknown';
  durationSeconds?: number;
}

export interface FailoverInput {
  /** Range series of the master address (redis_sentinel_current_master_info, or master_status as fallback). */
  masterAddress: Series[];
  /** Range series of redis_sentinel_failovers_total{master_name,result}. */
  failoversTotal: Series[];
  durationSum: Series[];
  durationCount: Series[];
}

/** Steps at which a counter went up, with how much (resets count as the new value). */
function increments(series: Series): Array<{ time: number; delta: number }> {
  const out: Array<{ time: number; delta: number }> = [];
  for (let i = 1; i < series.points.length; i++) {
    const [time, value] = series.points[i];
    const previous = series.points[i - 1][1];
    const delta = value >= previous ? value - previous : value;
    if (delta > 0) {
      out.push({ time, delta });
    }
  }
  return out;
}

function addressChanges(series: Series[]): FailoverEvent[] {
  const byMaster = new Map<string, Array<[number, string]>>();
  for (const s of series) {
    const name = label(s, 'master_name');
    const address = label(s, 'master_address');
    for (const [time, value] of s.points) {
      if (value === 1 && name && address) {
        const samples = byMaster.get(name) ?? [];
        samples.push([time, address]);
        byMaster.set(name, samples);
      }
    }
  }
  const events: FailoverEvent[] = [];
  for (const [masterName, samples] of byMaster) {
    samples.sort((a, b) => a[0] - b[0]);
    const lastIndex = new Map(samples.map(([, address], i) => [address, i]));
    for (let i = 1; i < samples.length; i++) {
      // Two addresses can overlap for a step while the old series goes stale; only a real change counts.
      const [time, address] = samples[i];
      const previous = samples[i - 1][1];
      if (address !== previous && (lastIndex.get(previous) ?? -1) < i) {
        events.push({ masterName, time, fromAddress: previous, toAddress: address, result: 'success' });
      }
    }
  }
  return events;
}

/** Two failovers in one window (a flapping master) each get the address change closest to their counter step. */
function nearest(candidates: FailoverEvent[], time: number): FailoverEvent | undefined {
  return candidates.sort((a, b) => Math.abs(a.time - time) - Math.abs(b.time - time))[0];
}

function durationAt(input: FailoverInput, masterName: string, time: number, windowMs: number): number | undefined {
  const sum = input.durationSum.find((s) => label(s, 'master_name') === masterName);
  const count = input.durationCount.find((s) => label(s, 'master_name') === masterName);
  if (!sum || !count) {
    return undefined;
  }
  const countStep = increments(count).find((step) => Math.abs(step.time - time) <= windowMs);
  const sumStep = countStep && increments(sum).find((step) => step.time === countStep.time);
  return countStep && sumStep ? sumStep.delta / countStep.delta : undefined;
}

/**
 * Failover timeline: each counter increment is one failover with its outcome; a master address change within
 * `windowMs` of it supplies from/to. Address changes with no counter (redis_exporter only) still show up.
 */
export function buildFailoverTimeline(input: FailoverInput, windowMs: number): FailoverEvent[] {
  const changes = addressChanges(input.masterAddress);
  const events: FailoverEvent[] = [];
  for (const s of input.failoversTotal) {
    const masterName = label(s, 'master_name');
    const result = label(s, 'result') === 'aborted' ? 'aborted' : 'success';
    for (const step of increments(s)) {
      const change = nearest(
        changes.filter((c) => c.masterName === masterName && Math.abs(c.time - step.time) <= windowMs),
        step.time
      );
      if (change && result === 'success') {
        changes.splice(changes.indexOf(change), 1);
      }
      events.push({
        masterName,
        time: change && result === 'success' ? Math.min(change.time, step.time) : step.time,
        fromAddress: result === 'success' ? change?.fromAddress : undefined,
        toAddress: result === 'success' ? change?.toAddress : undefined,
        result,
        durationSeconds: durationAt(input, masterName, step.time, windowMs),
      });
    }
  }
  events.push(...changes.map((c) => ({ ...c, result: 'unknown' as const })));
  return events.sort((a, b) => b.time - a.time);
}
