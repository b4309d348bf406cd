import type { Sample } from './catalog';

/** LATENCY LATEST reply ([event, unix time, latest ms, max ms]…) → latency spike metrics per event. */
export function latencySamples(reply: unknown): Sample[] {
  const out: Sample[] = [];
  if (!Array.isArray(reply)) return out;
  for (const entry of reply) {
    if (!Array.isArray(entry) || entry.length < 3) continue;
    const [event, time, latestMs] = entry;
    if (typeof event !== 'string' || typeof time !== 'number' || typeof latestMs !== 'number') continue;
    const labels = { event_name: event };
    out.push({ name: 'latency_spike_last', labels, value: time });
    out.push({ name: 'latency_spike_duration_seconds', labels, value: latestMs / 1e3 });
  }
  return out;
}
