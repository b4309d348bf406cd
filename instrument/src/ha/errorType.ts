/**
 * A low-cardinality `error.type` for a failed command: the error class for client-side failures, the reply's
 * error code (`READONLY`, `LOADING`, …) for server errors. Never the message itself, which may quote a key.
 */
export function errorType(error: Error): string {
  if (error.name && error.name !== 'Error' && error.name !== 'ReplyError') return error.name;
  const message = String(error.message ?? '');
  if (message.startsWith('Command timed out')) return 'timeout';
  if (/^(Connection is closed|Stream isn't writeable)/.test(message)) return 'connection_closed';
  const code = /^([A-Z][A-Z_]{1,30})\b/.exec(message);
  return code ? code[1] : '_OTHER';
}
