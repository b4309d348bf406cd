/**
 * Stand-ins for PagerDuty's Events API v2 and Slack's incoming webhook: the real services cannot be reached from
 * here, so these accept exactly the documented request shapes (and reject others the way the services do), and
 * record what they received for the test to inspect.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key?: string;
  payload?: { summary: string; source: string; severity: string; custom_details?: Record<string, unknown> };
  links?: Array<{ href: string; text?: string }>;
  client?: string;
  client_url?: string;
}

export interface Received<T> {
  at: number;
  body: T;
}

export interface StandIn<T> {
  readonly url: string;
  readonly received: Received<T>[];
  /** Requests the stand-in refused (a real service would have refused them too). */
  readonly rejected: string[];
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

/** Problems PagerDuty would report for this event (empty when valid). */
export function pagerDutyEventErrors(event: Partial<PagerDutyEvent>): string[] {
  const errors: string[] = [];
  if (typeof event.routing_key !== 'string' || !event.routing_key) errors.push("'routing_key' is missing");
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(event.event_action)))
    errors.push("'event_action' is invalid");
  if (event.event_action === 'trigger') {
    const payload = event.payload;
    if (!payload?.summary) errors.push("'payload.summary' is missing");
    else if (payload.summary.length > 1024) errors.push("'payload.summary' is longer than 1024 characters");
    if (!payload?.source) errors.push("'payload.source' is missing");
    if (!SEVERITIES.includes(String(payload?.severity))) errors.push("'payload.severity' is invalid");
  } else if (!event.dedup_key) {
    errors.push("'dedup_key' is required for acknowledge and resolve");
  }
  return errors;
}

/** PagerDuty Events API v2: `POST /v2/enqueue`, 202 with the dedup key, 400 "invalid event" otherwise. */
export async function startPagerDutyStandIn(): Promise<StandIn<PagerDutyEvent>> {
  const received: Received<PagerDutyEvent>[] = [];
  const rejected: string[] = [];
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/v2/enqueue') {
      rejected.push(`${req.method} ${req.url}`);
      return reply(404, { status: 'not found' });
    }
    let event: PagerDutyEvent;
    try {
      event = JSON.parse(text);
    } catch {
      rejected.push(`unparseable: ${text.slice(0, 200)}`);
      return reply(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Malformed JSON'] });
    }
    const errors = pagerDutyEventErrors(event);
    if (errors.length) {
      rejected.push(errors.join('; '));
      return reply(400, { status: 'invalid event', message: 'Event object is invalid', errors });
    }
    received.push({ at: Date.now(), body: event });
    reply(202, { status: 'success', message: 'Event processed', dedup_key: event.dedup_key ?? 'generated' });
  });
  const base = await listen(server);
  return { url: `${base}/v2/enqueue`, received, rejected, stop: () => close(server) };
}

export interface SlackMessage {
  text?: string;
  attachments?: Array<{ title?: string; text?: string; color?: string; title_link?: string }>;
  blocks?: unknown[];
  username?: string;
  channel?: string;
}

/** Slack incoming webhook: `POST` JSON with text, attachments or blocks → 200 "ok"; else 400 "invalid_payload". */
export async function startSlackStandIn(): Promise<StandIn<SlackMessage>> {
  const received: Received<SlackMessage>[] = [];
  const rejected: string[] = [];
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    let message: SlackMessage | undefined;
    try {
      message = JSON.parse(text);
    } catch {
      message = undefined;
    }
    if (req.method !== 'POST' || !message || !(message.text || message.attachments?.length || message.blocks?.length)) {
      rejected.push(`${req.method} ${text.slice(0, 200)}`);
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('invalid_payload');
      return;
    }
    received.push({ at: Date.now(), body: message });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  const base = await listen(server);
  return { url: `${base}/services/T000/B000/XXXX`, received, rejected, stop: () => close(server) };
}
