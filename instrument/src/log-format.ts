import type { DestinationStream } from 'pino';

/** `json`: one JSON object a line (for collectors); `txt`: one readable line (for a terminal); `auto`: by stdout. */
export type LogFormat = 'json' | 'txt' | 'auto';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'txt', 'auto'];

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
/** Fields every line has, shown in fixed places rather than as key=value pairs. */
const FIXED_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v']);

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/**
 * One pino JSON line as `HH:MM:SS.mmm LEVEL name: message key=value …`. It formats what pino already serialized,
 * so the redaction pino applied (secret paths censored, secret tokens scrubbed) holds here too.
 */
export function formatLogLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : '';
  const level = (LEVEL_NAMES[record.level as number] ?? String(record.level)).padEnd(5);
  const name = record.name ? `${String(record.name)}: ` : '';
  const fields = Object.entries(record)
    .filter(([key]) => !FIXED_FIELDS.has(key))
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  return `${time} ${level} ${name}${String(record.msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}\n`;
}

/** A pino destination writing readable lines to `out` (default stdout). Hand-written: pino-pretty is a dependency
 * tree of its own for what is one function here. */
export function textDestination(out: { write(text: string): unknown } = process.stdout): DestinationStream {
  return { write: (line: string) => void out.write(formatLogLine(line)) };
}

/** `auto` means readable lines on a terminal and JSON otherwise (containers, CI, pipes into a collector). */
export function resolveLogFormat(format: LogFormat, stdoutIsTty = Boolean(process.stdout.isTTY)): 'json' | 'txt' {
  if (format !== 'auto') return format;
  return stdoutIsTty ? 'txt' : 'json';
}
