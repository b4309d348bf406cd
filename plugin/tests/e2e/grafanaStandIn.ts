import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort, releasePort } from '@redis-lens/testkit';

/**
 * Stand-in for the Grafana HTTP API the plugin calls — Grafana itself cannot run on this machine. Each endpoint
 * forwards to the real server behind it with Grafana's path and the same wire shape:
 *   /api/datasources/proxy/uid/prom/*          → Prometheus /*            (Grafana's datasource proxy)
 *   /api/prometheus/grafana/api/v1/rules       → Prometheus /api/v1/rules (Grafana's Prometheus-compatible rules API)
 *   /api/alertmanager/grafana/api/v2/alerts    → Alertmanager /api/v2/alerts
 *   /api/alertmanager/grafana/api/v2/silences  → Alertmanager /api/v2/silences (POST bodies are also recorded, so a
 *                                                test can assert what the plugin sent; Alertmanager validates them)
 *   /api/plugins/<id>/settings                 → the app's settings, kept in memory (GET and POST)
 * It also serves the built plugin at /public/plugins/<id>/ and the host page that stands in for Grafana's shell.
 */
export interface StandInOptions {
  pluginId: string;
  pluginDist: string;
  hostDist: string;
  iconsDir: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  jsonData: Record<string, unknown>;
  /** Listen here (e.g. a port chosen earlier so alert rules can carry this Grafana's URL); a free one otherwise. */
  port?: number;
}

export interface GrafanaStandIn {
  url: string;
  settings: { jsonData: Record<string, unknown>; enabled: boolean; pinned: boolean };
  /** Bodies of silence requests the plugin POSTed, parsed. */
  silences: unknown[];
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'application/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

function serveFile(res: http.ServerResponse, root: string, relative: string) {
  const file = path.resolve(root, relative);
  if (!file.startsWith(path.resolve(root)) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

async function forward(res: http.ServerResponse, target: string, method = 'GET', body?: string) {
  try {
    const upstream = await fetch(target, {
      method,
      body,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  } catch (error) {
    // Grafana answers 502 with a JSON message when a datasource is unreachable.
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) }));
  }
}

const hostPage = `<!doctype html><html><head><meta charset="utf-8"><base href="/"><title>redis-lens</title></head>
<body><div id="root"></div><script src="/host/host.js"></script></body></html>`;

export async function startGrafanaStandIn(options: StandInOptions): Promise<GrafanaStandIn> {
  const port = options.port ?? (await freePort());
  const silences: unknown[] = [];
  const settings = { jsonData: options.jsonData, enabled: true, pinned: true };
  const pluginPrefix = `/public/plugins/${options.pluginId}/`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    if (p.startsWith('/api/datasources/proxy/uid/prom/')) {
      return void forward(
        res,
        `${options.prometheusUrl}/${p.slice('/api/datasources/proxy/uid/prom/'.length)}${url.search}`
      );
    }
    if (p === '/api/prometheus/grafana/api/v1/rules') {
      return void forward(res, `${options.prometheusUrl}/api/v1/rules${url.search}`);
    }
    if (p === '/api/alertmanager/grafana/api/v2/alerts') {
      return void forward(res, `${options.alertmanagerUrl}/api/v2/alerts${url.search}`);
    }
    if (p === '/api/alertmanager/grafana/api/v2/silences') {
      if (req.method !== 'POST') {
        return void forward(res, `${options.alertmanagerUrl}/api/v2/silences${url.search}`);
      }
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        try {
          silences.push(JSON.parse(body));
        } catch {
          silences.push(body);
        }
        void forward(res, `${options.alertmanagerUrl}/api/v2/silences`, 'POST', body);
      });
      return;
    }
    if (p === `/api/plugins/${options.pluginId}/settings`) {
      if (req.method === 'POST') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          Object.assign(settings, JSON.parse(body || '{}'));
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"Plugin settings updated"}');
        });
        return;
      }
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(settings));
    }
    if (p.startsWith(pluginPrefix)) {
      return serveFile(res, options.pluginDist, p.slice(pluginPrefix.length));
    }
    if (p.startsWith('/host/')) {
      return serveFile(res, options.hostDist, p.slice('/host/'.length));
    }
    if (p.startsWith('/public/build/img/icons/')) {
      return serveFile(res, options.iconsDir, p.slice('/public/build/img/icons/'.length));
    }
    if (p.startsWith('/a/') || p.startsWith('/plugins/') || p.startsWith('/panel/')) {
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(hostPage);
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    settings,
    silences,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      releasePort(port);
    },
  };
}
