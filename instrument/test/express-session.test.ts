import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import RedisStore from 'connect-redis';
import session from 'express-session';
import { startRedis, type RedisServer } from '@redis-lens/testkit';
import type Redis from 'ioredis';
import { instrumentSessionStore } from '../src/express-session';
import { instrumentIoredis, type IoredisInstrumentation } from '../src/ioredis';
import { createHarness, type OtelHarness } from './otel-harness';

type SessionRequest = IncomingMessage & { session: session.Session & { user?: string } };

describe('express-session adapter with connect-redis (real redis-server, real middleware)', () => {
  let redis: RedisServer;
  let client: Redis;
  let otel: OtelHarness;
  let instrumentation: IoredisInstrumentation;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    redis = await startRedis();
    client = redis.client();
    await client.ping();
    otel = await createHarness();
    instrumentation = instrumentIoredis({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });
    const store = instrumentSessionStore(new RedisStore({ client, prefix: 'sess:' }), {
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
    });
    const middleware = session({ store, secret: 'cookie-signing-secret', resave: false, saveUninitialized: false });
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      // express-session is connect-style middleware; plain node:http is enough to drive it.
      middleware(req as never, res as never, () => {
        const r = req as SessionRequest;
        if (req.url === '/login') r.session.user = 'ann';
        res.end(r.session.user ?? 'anonymous');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    instrumentation?.disable();
    client?.disconnect();
    await otel?.shutdown();
    await redis?.stop();
  });

  it('counts hits and misses of real session lookups and parents the Redis GET with session.validate', async () => {
    const login = await fetch(`${base}/login`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const sid = decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
    expect(await client.exists(`sess:${sid}`)).toBe(1);

    const profile = await fetch(`${base}/profile`, { headers: { cookie } });
    expect(await profile.text()).toBe('ann');

    await client.del(`sess:${sid}`);
    const expired = await fetch(`${base}/profile`, { headers: { cookie } });
    expect(await expired.text()).toBe('anonymous');

    const spans = otel.spans.getFinishedSpans();
    const validations = spans.filter((s) => s.name === 'session.validate');
    expect(validations.map((s) => s.attributes['redislens.session.result'])).toEqual(['hit', 'miss']);
    const child = spans.find(
      (s) => s.name === 'GET' && s.parentSpanContext?.spanId === validations[0].spanContext().spanId,
    );
    expect(child?.attributes['db.query.text']).toBe('GET ?');
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes, s.status]))).not.toContain(sid);

    await otel.reader.collect();
    expect(otel.counterValue('redislens.session.validations', { result: 'hit' })).toBe(1);
    expect(otel.counterValue('redislens.session.validations', { result: 'miss' })).toBe(1);
    expect(otel.histogramCount('redislens.session.validate.duration')).toBe(2);
  });

  it('counts a failing store lookup as result=error and passes the error on', async () => {
    const closed = redis.client({ enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    closed.on('error', () => undefined); // never connected: every command fails, as intended
    const store = instrumentSessionStore(new RedisStore({ client: closed, prefix: 'sess:' }), {
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
    });
    const error = await new Promise<unknown>((resolve) => store.get('any-session-id', (err) => resolve(err)));
    expect(error).toBeInstanceOf(Error);
    const span = otel.spans.getFinishedSpans().find((s) => s.attributes['redislens.session.result'] === 'error');
    expect(span?.status.code).toBe(2);
    await otel.reader.collect();
    expect(otel.counterValue('redislens.session.validations', { result: 'error' })).toBe(1);
    closed.disconnect();
  });
});
