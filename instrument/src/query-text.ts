/**
 * Span text for Redis commands. Pure: no I/O, no OTel.
 *
 * ioredis already blanks some arguments before it publishes them, but it keeps keys and even values of commands it
 * deems read-only (`GET session:abc`). A key can be a secret (a session id), so every argument becomes `?`.
 */

const MAX_ARGS_SHOWN = 32;
export const MAX_BATCH_COMMANDS_SHOWN = 16;

export interface BatchCommand {
  command: string;
  argCount: number;
}

/** `GET ?`, `SET ? ? ? ?` — the operation name upper-cased plus one `?` per argument (capped). */
export function sanitizedQueryText(command: string, argCount: number): string {
  // The text depends only on the command and min(argCount, MAX_ARGS_SHOWN + 1): cached per command (bounded).
  const slot = argCount <= 0 ? 0 : Math.min(argCount, MAX_ARGS_SHOWN + 1);
  let texts = textCache.get(command);
  if (texts === undefined) {
    if (textCache.size >= MAX_CACHED_COMMANDS) return buildQueryText(command, argCount);
    texts = [];
    textCache.set(command, texts);
  }
  return (texts[slot] ??= buildQueryText(command, argCount));
}

const MAX_CACHED_COMMANDS = 1000;
const textCache = new Map<string, string[]>();

function buildQueryText(command: string, argCount: number): string {
  const name = command.toUpperCase();
  if (argCount <= 0) return name;
  const shown = Math.min(argCount, MAX_ARGS_SHOWN);
  return name + ' ?'.repeat(shown) + (argCount > shown ? ' …' : '');
}

/**
 * A batch's commands joined by `;` as the database semconv suggests for batches (capped): `commands` holds the first
 * ones (at least MAX_BATCH_COMMANDS_SHOWN of them when there are more), `total` how many the batch had.
 */
export function batchQueryText(commands: readonly BatchCommand[], total = commands.length): string {
  const shown = Math.min(commands.length, MAX_BATCH_COMMANDS_SHOWN);
  const parts: string[] = new Array(total > shown ? shown + 1 : shown);
  for (let i = 0; i < shown; i++) parts[i] = sanitizedQueryText(commands[i].command, commands[i].argCount);
  if (total > shown) parts[shown] = '…';
  // join() gives one flat string; `+=` would leave a rope of ~30 pieces on every span until it is exported.
  return parts.join('; ');
}

/** Commands whose first argument is not a key; they never feed hot-key tracking. */
const KEYLESS = new Set([
  'auth',
  'hello',
  'ping',
  'echo',
  'select',
  'info',
  'client',
  'config',
  'cluster',
  'command',
  'multi',
  'exec',
  'discard',
  'quit',
  'time',
  'dbsize',
  'flushdb',
  'flushall',
  'publish',
  'spublish',
  'subscribe',
  'unsubscribe',
  'psubscribe',
  'punsubscribe',
  'script',
  'eval',
  'evalsha',
  'evalsha_ro',
  'eval_ro',
  'fcall',
  'fcall_ro',
  'function',
  'scan',
  'slowlog',
  'latency',
  'memory',
  'object',
  'debug',
  'wait',
  'acl',
  'role',
  'readonly',
  'readwrite',
  'reset',
  'swapdb',
  'save',
  'bgsave',
  'shutdown',
  'monitor',
  'lastsave',
  'sentinel',
  'xread',
  'xreadgroup',
  'randomkey',
  'keys',
  'unwatch',
]);

/**
 * The first key of a command as ioredis published it, or undefined for keyless commands and for keys ioredis
 * blanked to `?` (e.g. HGET, TTL, MGET: its sanitizer only keeps arguments of commands it lists).
 */
export function firstKey(command: string, args: readonly string[]): string | undefined {
  if (args.length === 0) return undefined;
  const key = args[0];
  if (key === '?' || KEYLESS.has(command)) return undefined;
  // ioredis names commands in lower case; `call('GET', …)` keeps the caller's case.
  if (command.charCodeAt(0) < 97 && KEYLESS.has(command.toLowerCase())) return undefined;
  return key;
}
