import { Zipf, seededRandom } from './zipf';

/**
 * Load generator for the demo service: logs in `users` users, then validates their sessions with Zipf-distributed
 * popularity and reads the hot keys, until `durationMs` or `maxRequests` is reached (whichever first).
 */

export interface LoadOptions {
  baseUrl: string;
  users: number;
  durationMs: number;
  maxRequests: number;
  concurrency: number;
  /** Zipf exponent of session popularity. Default 1.1. */
  zipfS?: number;
  /** Every n-th request reads a hot key. Default 4. */
  hotEvery?: number;
  seed?: number;
}

export interface LoadStats {
  logins: number;
  requests: number;
  ok: number;
  unauthorized: number;
  failed: number;
  elapsedMs: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadStats> {
  const started = Date.now();
  const stats: LoadStats = { logins: 0, requests: 0, ok: 0, unauthorized: 0, failed: 0, elapsedMs: 0 };
  const cookies: string[] = [];
  for (let i = 0; i < options.users; i++) {
    const response = await fetch(`${options.baseUrl}/login?user=user${i}`, { method: 'POST' });
    await response.arrayBuffer();
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    if (response.ok && cookie) {
      cookies.push(cookie);
      stats.logins++;
    } else stats.failed++;
  }
  if (!cookies.length) throw new Error('load generator: no login succeeded');
  const random = seededRandom(options.seed ?? 1);
  const zipf = new Zipf(cookies.length, options.zipfS ?? 1.1, random);
  const hotEvery = options.hotEvery ?? 4;
  const deadline = started + options.durationMs;
  let issued = 0;
  const worker = async (): Promise<void> => {
    while (issued < options.maxRequests && Date.now() < deadline) {
      const n = issued++;
      const hot = n % hotEvery === hotEvery - 1;
      try {
        const response = hot
          ? await fetch(`${options.baseUrl}/hot/${n % 3}`)
          : await fetch(`${options.baseUrl}/profile`, { headers: { cookie: cookies[zipf.next() - 1] } });
        await response.arrayBuffer();
        stats.requests++;
        if (response.ok) stats.ok++;
        else if (response.status === 401) stats.unauthorized++;
        else stats.failed++;
      } catch {
        stats.requests++;
        stats.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  stats.elapsedMs = Date.now() - started;
  return stats;
}
