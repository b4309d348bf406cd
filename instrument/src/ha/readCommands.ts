/**
 * Commands that only read, so a replica can serve them. Deliberately conservative: no blocking commands, no
 * scripts (EVAL_RO would be safe but scripts are often written assuming the master), nothing with side effects.
 */
export const DEFAULT_READ_COMMANDS: readonly string[] = [
  'get',
  'mget',
  'getrange',
  'strlen',
  'exists',
  'ttl',
  'pttl',
  'type',
  'hget',
  'hmget',
  'hgetall',
  'hexists',
  'hlen',
  'hkeys',
  'hvals',
  'hstrlen',
  'lrange',
  'lindex',
  'llen',
  'smembers',
  'sismember',
  'smismember',
  'scard',
  'zrange',
  'zrangebyscore',
  'zrevrange',
  'zrevrangebyscore',
  'zscore',
  'zmscore',
  'zcard',
  'zcount',
  'zrank',
  'zrevrank',
  'pfcount',
  'bitcount',
  'getbit',
  'xrange',
  'xrevrange',
  'xlen',
];

/** Commands after which the connection carries state (a transaction or a WATCH) that only the master shares. */
export const PIN_TO_MASTER_COMMANDS = new Set(['multi', 'watch']);
export const UNPIN_COMMANDS = new Set(['exec', 'discard', 'unwatch']);

export function readCommandSet(commands: readonly string[] = DEFAULT_READ_COMMANDS): ReadonlySet<string> {
  return new Set(commands.map((c) => c.toLowerCase()));
}
