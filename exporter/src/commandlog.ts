import type { Sample } from './catalog';

/** COMMANDLOG types (Valkey 8.1+) in the order the scraper asks `COMMANDLOG LEN <type>`, with redis_exporter's names. */
export const COMMANDLOG_TYPES = [
  ['slow', 'commandlog_slow_length'],
  ['large-request', 'commandlog_large_request_length'],
  ['large-reply', 'commandlog_large_reply_length'],
] as const;

/** Whether the server has COMMANDLOG: Valkey 8.1 or newer (asking others would add to their error counts). */
export function hasCommandLog(valkeyVersion: string | undefined): boolean {
  const [major, minor] = (valkeyVersion ?? '').split('.').map(Number);
  return Number.isFinite(major) && Number.isFinite(minor) && (major > 8 || (major === 8 && minor >= 1));
}

/** `COMMANDLOG LEN` replies, one per COMMANDLOG_TYPES entry; an error or non-number reply leaves that one out. */
export function commandlogSamples(lengths: unknown[]): Sample[] {
  const out: Sample[] = [];
  COMMANDLOG_TYPES.forEach(([, name], i) => {
    const n = lengths[i];
    if (typeof n === 'number' && Number.isFinite(n)) out.push({ name, value: n });
  });
  return out;
}
