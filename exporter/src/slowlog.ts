import type { Sample } from './catalog';

/** SLOWLOG LEN and SLOWLOG GET 1 replies → redis_exporter's three slowlog metrics. Unexpected shapes give 0s. */
export function slowlogSamples(lenReply: unknown, getReply: unknown): Sample[] {
  const out: Sample[] = [];
  if (typeof lenReply === 'number' && Number.isFinite(lenReply)) out.push({ name: 'slowlog_length', value: lenReply });
  let lastId = 0;
  let lastDurationSeconds = 0;
  // Entry: [id, unix time, duration in microseconds, args, client addr, client name].
  const entry = Array.isArray(getReply) ? getReply[0] : undefined;
  if (Array.isArray(entry) && typeof entry[0] === 'number' && typeof entry[2] === 'number') {
    lastId = entry[0];
    lastDurationSeconds = entry[2] / 1e6;
  }
  out.push({ name: 'slowlog_last_id', value: lastId });
  out.push({ name: 'last_slow_execution_duration_seconds', value: lastDurationSeconds });
  return out;
}
