import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stand-in for an OpenTelemetry Collector's OTLP/HTTP receiver (the Collector cannot run here: no Docker, not in
 * Debian). It speaks the wire format the exporters use: POST /v1/traces and /v1/metrics with an OTLP JSON body
 * (ExportTraceServiceRequest / ExportMetricsServiceRequest), answered with 200 and an empty JSON response.
 */
export interface OtlpReceiver {
  url: string;
  bodies: { path: string; contentType: string; body: string }[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: OtlpReceiver['bodies'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      if (req.method !== 'POST' || !['/v1/traces', '/v1/metrics', '/v1/logs'].includes(path)) {
        res.writeHead(404).end();
        return;
      }
      const contentType = String(req.headers['content-type'] ?? '');
      // Binary protobuf is kept as latin1 so a substring search still sees any embedded ASCII id.
      const body = Buffer.concat(chunks).toString(contentType.includes('json') ? 'utf8' : 'latin1');
      bodies.push({ path, contentType, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
