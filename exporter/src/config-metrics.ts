import type { Sample } from './catalog';

/**
 * CONFIG GET parameters the exporter asks for, one per call so Redis < 7 (single-pattern CONFIG GET) works too.
 * `commandlog-*` is Valkey 8.1's COMMANDLOG settings (an empty reply elsewhere); `dir`/`dbfilename` locate the RDB
 * file for `--include-rdb-file-size-metric`.
 */
export const CONFIG_PARAMETERS = [
  'maxmemory',
  'maxclients',
  'io-threads',
  'databases',
  'repl-backlog-size',
  'client-output-buffer-limit',
  'commandlog-*',
  'dir',
  'dbfilename',
] as const;

/** Parameters exported as `config_<name>` (`-` → `_`), as redis_exporter does without --include-config-metrics. */
const CONFIG_GAUGES = new Set(['maxmemory', 'maxclients', 'io-threads', 'repl-backlog-size']);

/** COMMANDLOG settings → redis_exporter's metric names. */
const COMMANDLOG_CONFIG: Record<string, string> = {
  'commandlog-execution-slower-than': 'commandlog_execution_slower_than',
  'commandlog-slow-execution-max-len': 'commandlog_slow_execution_max_len',
  'commandlog-request-larger-than': 'commandlog_request_larger_than',
  'commandlog-large-request-max-len': 'commandlog_large_request_max_len',
  'commandlog-reply-larger-than': 'commandlog_reply_larger_than',
  'commandlog-large-reply-max-len': 'commandlog_large_reply_max_len',
};

/** `normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60` → hard/soft bytes and soft seconds per class. */
export function outputBufferLimitSamples(text: string): Sample[] {
  const out: Sample[] = [];
  const parts = text.trim().split(/\s+/);
  for (let i = 0; i + 3 < parts.length; i += 4) {
    const [cls, hard, soft, seconds] = parts.slice(i, i + 4).map((p, j) => (j === 0 ? p : Number(p))) as [
      string,
      number,
      number,
      number,
    ];
    if (Number.isFinite(hard))
      out.push({ name: 'config_client_output_buffer_limit_bytes', labels: { class: cls, limit: 'hard' }, value: hard });
    if (Number.isFinite(soft))
      out.push({ name: 'config_client_output_buffer_limit_bytes', labels: { class: cls, limit: 'soft' }, value: soft });
    if (Number.isFinite(seconds)) {
      const labels = { class: cls, limit: 'soft' };
      out.push({ name: 'config_client_output_buffer_limit_overcome_seconds', labels, value: seconds });
    }
  }
  return out;
}

export interface ConfigReading {
  samples: Sample[];
  dbCount?: number;
  /** Every parameter the server returned, as text (e.g. `dir`, `dbfilename`). */
  values: Map<string, string>;
}

/** Flat CONFIG GET replies ([name, value] each) → config_* gauges, COMMANDLOG settings and the database count. */
export function configSamples(replies: unknown[]): ConfigReading {
  const samples: Sample[] = [];
  const values = new Map<string, string>();
  let dbCount: number | undefined;
  for (const reply of replies) {
    if (!Array.isArray(reply)) continue;
    for (let i = 0; i + 1 < reply.length; i += 2) {
      const name = String(reply[i]);
      const text = String(reply[i + 1]);
      values.set(name, text);
      if (name === 'client-output-buffer-limit') {
        samples.push(...outputBufferLimitSamples(text));
        continue;
      }
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) continue;
      if (name === 'databases') dbCount = value;
      else if (CONFIG_GAUGES.has(name)) samples.push({ name: `config_${name.replace(/-/g, '_')}`, value });
      else if (Object.hasOwn(COMMANDLOG_CONFIG, name)) samples.push({ name: COMMANDLOG_CONFIG[name], value });
    }
  }
  return { samples, dbCount, values };
}
