import { freePort, releasePort } from '@redis-lens/testkit';
import Redis from 'ioredis';
import { createLogger } from '@redis-lens/instrument';
import { startDemoService } from '../src/service';

describe('demo service with Redis unreachable', () => {
  it('keeps logging users in and validating sessions from its store; hot-key reads answer 503', async () => {
    const deadPort = await freePort(); // claimed, never listened on
    const redis = new Redis({ host: '127.0.0.1', port: deadPort, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    redis.on('error', () => undefined); // connection refused, expected
    const logLines: string[] = [];
    const service = await startDemoService({
      redis,
      logger: createLogger({ destination: { write: (line: string) => void logLines.push(line) } }),
      telemetry: {},
      dbLatencyMs: 0,
    });
    try {
      const login = await fetch(`${service.baseUrl}/login?user=ann`, { method: 'POST' });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      for (let i = 0; i < 10; i++) {
        const profile = await fetch(`${service.baseUrl}/profile`, { headers: { cookie } });
        expect(await profile.json()).toEqual({ user: 'ann' });
      }
      expect((await fetch(`${service.baseUrl}/hot/1`)).status).toBe(503);
      const health = (await (await fetch(`${service.baseUrl}/healthz`)).json()) as { breaker: string };
      expect(health.breaker).toBe('open');
      expect(logLines.join('')).toContain('could not seed hot keys');
    } finally {
      await service.stop();
      redis.disconnect();
      releasePort(deadPort);
    }
  });
});
