/**
 * `error.type` for a failed Redis operation: the Redis error prefix (`WRONGTYPE`, `ERR`, `NOSCRIPT`, …) for server
 * replies, the error class name otherwise (`MaxRetriesPerRequestError`, `AbortError`). Never the message, which can
 * echo arguments.
 */
export function redisErrorType(error: unknown): string {
  if (error === null || typeof error !== 'object') return '_OTHER';
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'ReplyError' && typeof message === 'string') {
    const prefix = /^([A-Z][A-Z_]{1,31})\b/.exec(message);
    if (prefix) return prefix[1];
  }
  if (typeof name === 'string' && /^[A-Za-z_][\w.]{0,63}$/.test(name)) return name;
  return '_OTHER';
}
