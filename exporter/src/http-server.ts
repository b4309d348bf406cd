import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { ExporterConfig } from './config';

export interface Routes {
  /** Prometheus text for the configured Redis (telemetry path). */
  metrics(): Promise<string>;
  /** Prometheus text for one allowlisted target; `authModule` (`&auth_module=`) names a credential set. */
  scrapeTarget(target: string, authModule?: string): Promise<string>;
  /** `POST /-/reload`: re-reads reloadable files; returns the problem when the new content is refused. */
  reload?(): string | undefined;
  isTargetAllowed(target: string): boolean;
  /** Prometheus http_sd groups in cluster mode; undefined otherwise. */
  discoverClusterNodes?(): unknown[] | undefined;
  ready(): boolean;
  onRequestError(): void;
  /** JSON: the redaction engine's rule, settings, counts and learned names; with a pattern, why it looks as it does. */
  redactionDebug(pattern?: string): string;
}

/** A request the route refuses with this status; the message goes to the client, so it never holds a secret. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const PROM_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** True when no basic auth is configured or the request carries the right user and password. */
export function basicAuthOk(header: string | undefined, auth: ExporterConfig['basicAuth']): boolean {
  if (!auth) return true;
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Compare both parts always, so timing does not tell which one was wrong.
  const userOk = safeEqual(decoded.slice(0, colon), auth.user);
  const passwordOk = safeEqual(decoded.slice(colon + 1), auth.password);
  return userOk && passwordOk;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  // Encoded once: Content-Length from a string would scan it, and writing it would encode it again.
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length });
  res.end(bytes);
}

/** The exporter's HTTP(S) endpoint: telemetry path, /scrape, /health, /ready. */
export function createExporterServer(config: ExporterConfig, routes: Routes): Server {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: unknown) => {
      routes.onRequestError();
      if (error instanceof HttpError && !res.headersSent) send(res, error.status, `${error.message}\n`);
      else if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reload = url.pathname === '/-/reload';
    // Reload changes state, so it is POST only (as Prometheus' and redis_exporter's); everything else is read-only.
    if (reload ? req.method !== 'POST' : req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'method not allowed\n');
    }
    // Liveness and readiness stay open so orchestrator probes work without credentials; they reveal nothing.
    if (url.pathname === '/health') return send(res, 200, 'ok\n');
    if (url.pathname === '/ready') return routes.ready() ? send(res, 200, 'ready\n') : send(res, 503, 'not ready\n');
    if (!basicAuthOk(req.headers.authorization, config.basicAuth)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="redis-lens"');
      return send(res, 401, 'unauthorized\n');
    }
    if (reload) {
      const problem = routes.reload?.();
      return problem
        ? send(res, 400, `reload failed, previous settings kept: ${problem}\n`)
        : send(res, 200, 'reloaded\n');
    }
    if (url.pathname === config.telemetryPath) return send(res, 200, await routes.metrics(), PROM_CONTENT_TYPE);
    if (url.pathname === '/scrape') {
      const target = url.searchParams.get('target');
      if (!target) {
        routes.onRequestError();
        return send(res, 400, "missing 'target' parameter\n");
      }
      if (!routes.isTargetAllowed(target)) {
        routes.onRequestError();
        return send(
          res,
          403,
          'target not allowed: /scrape only reaches discovered cluster nodes and targets matching --scrape.allowed-targets (none configured means none allowed)\n',
        );
      }
      const authModule = url.searchParams.get('auth_module') ?? undefined;
      return send(res, 200, await routes.scrapeTarget(target, authModule), PROM_CONTENT_TYPE);
    }
    if (url.pathname === '/discover-cluster-nodes') {
      const groups = routes.discoverClusterNodes?.();
      if (!groups) return send(res, 404, 'not in cluster mode (--is-cluster)\n');
      return send(res, 200, JSON.stringify(groups), 'application/json');
    }
    if (url.pathname === '/debug/redaction') {
      const pattern = url.searchParams.get('pattern') ?? undefined;
      return send(res, 200, routes.redactionDebug(pattern), 'application/json; charset=utf-8');
    }
    if (url.pathname === '/') {
      return send(
        res,
        200,
        `<html><head><title>redis-lens exporter</title></head><body><h1>redis-lens exporter</h1><p><a href="${config.telemetryPath}">Metrics</a></p></body></html>\n`,
        'text/html; charset=utf-8',
      );
    }
    return send(res, 404, 'not found\n');
  };
  if (config.webTls) {
    const t = config.webTls;
    return createHttpsServer(
      {
        cert: readFileSync(t.certFile),
        key: readFileSync(t.keyFile),
        minVersion: t.minVersion,
        // mTLS: the handshake itself fails without a certificate the CA signed, on every path (/health too).
        ...(t.clientCaFile ? { ca: readFileSync(t.clientCaFile), requestCert: true, rejectUnauthorized: true } : {}),
      },
      handler,
    );
  }
  return createHttpServer(handler);
}
