import type { Sample } from './catalog';
import type { CommandStat } from './info';

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

/** Microseconds spent in a command and its subcommands (`config` covers `config|get`), from INFO commandstats. */
function usecFor(cmd: string, commandstats: readonly CommandStat[]): number {
  let total = 0;
  for (const c of commandstats) if (c.cmd === cmd || c.cmd.startsWith(`${cmd}|`)) total += c.usec;
  return total;
}

const MAX_HISTOGRAM_COMMANDS = 1024;
const MAX_BUCKETS = 64;

/**
 * LATENCY HISTOGRAM reply (Redis 7+, Valkey) → `commands_latencies_usec{cmd}` histograms, as redis_exporter builds
 * them: the reply's cumulative power-of-two buckets (µs), `calls` as the count and the command's commandstats µs
 * (subcommands included) as the sum. Entries of an unexpected shape are skipped; the sizes are bounded.
 */
export function latencyHistogramSamples(reply: unknown, commandstats: readonly CommandStat[]): Sample[] {
  const out: Sample[] = [];
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length && out.length < MAX_HISTOGRAM_COMMANDS; i += 2) {
    const cmd = reply[i];
    const details = reply[i + 1];
    if (typeof cmd !== 'string' || !Array.isArray(details)) continue;
    let calls: number | undefined;
    let flat: unknown[] | undefined;
    for (let j = 0; j + 1 < details.length; j += 2) {
      if (details[j] === 'calls' && typeof details[j + 1] === 'number') calls = details[j + 1] as number;
      if (details[j] === 'histogram_usec' && Array.isArray(details[j + 1])) flat = details[j + 1] as unknown[];
    }
    if (calls === undefined || !flat || flat.length > MAX_BUCKETS * 2) continue;
    const buckets: [number, number][] = [];
    for (let j = 0; j + 1 < flat.length; j += 2) {
      const [bound, count] = [flat[j], flat[j + 1]];
      if (typeof bound === 'number' && typeof count === 'number') buckets.push([bound, count]);
    }
    out.push({
      name: 'commands_latencies_usec',
      labels: { cmd },
      value: calls,
      histogram: { buckets, count: calls, sum: usecFor(cmd, commandstats) },
    });
  }
  return out;
}
