import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { context, trace, SpanKind, SpanStatusCode, type TracerProvider } from '@opentelemetry/api';
import type { MeterProvider } from '@opentelemetry/api';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { type HotKeyTracker, createSessionCache, type SessionCache } from '@redis-lens/instrument';

/**
 * The demo service: `POST /login?user=NAME` creates a session (cookie `sid`), `GET /profile` validates it through the
 * session cache, `GET /hot/<name>` reads one of a few deliberately hot keys, `GET /hotkeys` shows the client-side
 * top keys. The "database" behind the cache is an in-memory map with a small delay.
 */

export const HOT_KEYS = ['config:feature-flags', 'leaderboard:global', 'catalog:home'];

/**
 * The demo's key names, declared to the redaction engine (REDIS_LENS_KEY_PATTERNS) as an operator would: its fixed
 * keys are one key each, which the learner never shows (a name must be shared by k keys), and `session:{id}`
 * shows from the first scrape rather than once k sessions exist. `cart:{id}` is what the plugin's views show.
 */
export const DEMO_KEY_PATTERNS = ['session:{id}', 'cart:{id}', ...HOT_KEYS];

export interface DemoSession {
  user: string;
  createdAt: number;
}

export interface DemoAppOptions {
  redis: Redis;
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  logger: Logger;
  hotKeys?: HotKeyTracker;
  /** Simulated database latency per session load. Default 2 ms. */
  dbLatencyMs?: number;
  /** Session ids to warm on start (e.g. sessions of a previous run). */
  warmIds?: string[];
}

export interface DemoApp {
  server: Server;
  cache: SessionCache<DemoSession>;
  /** The "database": session id → session. Exposed so tests can check what must never leak. */
  sessions: Map<string, DemoSession>;
  listen(port: number, host?: string): Promise<number>;
  /** Stops the HTTP server (the cache's gauges stay registered until `cache.close()`, so a final export sees them). */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sessionIdFrom(req: IncomingMessage): string | undefined {
  const match = /(?:^|;\s*)sid=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '');
  return match?.[1];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function createDemoApp(options: DemoAppOptions): DemoApp {
  const { redis, logger } = options;
  const tracer = options.tracerProvider.getTracer('redis-lens-demo');
  const sessions = new Map<string, DemoSession>();
  const dbLatency = options.dbLatencyMs ?? 2;
  const cache = createSessionCache<DemoSession>({
    redis,
    ttl: 300,
    keyPrefix: 'session:',
    load: async (id) => {
      await sleep(dbLatency);
      return sessions.get(id);
    },
    warm: options.warmIds ? { ids: options.warmIds, concurrency: 4 } : undefined,
    tracerProvider: options.tracerProvider,
    meterProvider: options.meterProvider,
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo');
    if (req.method === 'POST' && url.pathname === '/login') {
      const user = (url.searchParams.get('user') ?? '').slice(0, 64);
      if (!/^[A-Za-z0-9_-]+$/.test(user)) return send(res, 400, { error: 'user must be [A-Za-z0-9_-]+' });
      const id = randomBytes(24).toString('base64url');
      const session = { user, createdAt: Date.now() };
      sessions.set(id, session);
      await cache.store(id, session);
      logger.info({ user }, 'login');
      res.setHeader('set-cookie', `sid=${id}; HttpOnly; Path=/`);
      return send(res, 200, { user });
    }
    if (url.pathname === '/profile') {
      const id = sessionIdFrom(req);
      const session = id ? await cache.validate(id) : undefined;
      if (!session) return send(res, 401, { error: 'no valid session' });
      return send(res, 200, { user: session.user });
    }
    if (url.pathname.startsWith('/hot/')) {
      const name = HOT_KEYS[Number(url.pathname.slice(5)) % HOT_KEYS.length] ?? HOT_KEYS[0];
      try {
        const value = await redis.get(name);
        return send(res, 200, { key: name, cached: value !== null });
      } catch {
        return send(res, 503, { error: 'redis unavailable' });
      }
    }
    if (url.pathname === '/hotkeys' && options.hotKeys) return send(res, 200, options.hotKeys.snapshot());
    if (url.pathname === '/healthz') return send(res, 200, { ok: true, breaker: cache.breaker.state });
    return send(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    const route_ = new URL(req.url ?? '/', 'http://demo').pathname.replace(/^\/hot\/.*/, '/hot/{n}');
    const span = tracer.startSpan(`${req.method} ${route_}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method ?? 'GET', 'http.route': route_ },
    });
    context.with(trace.setSpan(context.active(), span), () => {
      route(req, res)
        .catch((error: unknown) => {
          span.setStatus({ code: SpanStatusCode.ERROR });
          logger.error({ err: error }, 'request failed');
          if (!res.headersSent) send(res, 500, { error: 'internal error' });
        })
        .finally(() => {
          span.setAttribute('http.response.status_code', res.statusCode);
          span.end();
        });
    });
  });

  return {
    server,
    cache,
    sessions,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Seeds the hot keys so `/hot/*` reads hit. */
export async function seedHotKeys(redis: Redis): Promise<void> {
  const pipeline = redis.pipeline();
  for (const key of HOT_KEYS) pipeline.set(key, JSON.stringify({ seeded: Date.now() }));
  // exec() resolves with per-command errors instead of rejecting.
  const failed = (await pipeline.exec())?.find(([error]) => error);
  if (failed) throw failed[0];
}
