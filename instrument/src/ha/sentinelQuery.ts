import Redis from 'ioredis';
import { sentinelConnectionOptions, type ResolvedOptions } from './options';

/**
 * Asks the Sentinels, one after another, where the master is now; undefined when none answers. Short-lived
 * connections with the Sentinel timeouts, so a dead Sentinel costs at most `connectTimeoutMs`.
 */
export async function askSentinelsForMaster(
  opts: ResolvedOptions,
): Promise<{ host: string; port: number } | undefined> {
  for (const { host, port } of opts.sentinels ?? []) {
    const sentinel = new Redis({
      ...sentinelConnectionOptions(opts, host, port),
      commandTimeout: opts.sentinelCommandTimeoutMs,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
    });
    sentinel.on('error', () => undefined);
    try {
      const reply = await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', opts.name ?? '');
      if (Array.isArray(reply) && reply.length === 2 && Number(reply[1]) > 0) {
        return { host: String(reply[0]), port: Number(reply[1]) };
      }
    } catch {
      // try the next Sentinel
    } finally {
      sentinel.disconnect();
    }
  }
  return undefined;
}
