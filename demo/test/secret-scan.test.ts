import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, getText, releasePort, startRedis, type RedisServer } from '@redis-lens/testkit';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type Redis from 'ioredis';
import { createRedactionPolicy, createLogger } from '@redis-lens/instrument';
import { runLoad } from '../src/loadgen';
import { startDemoService } from '../src/service';
import { ensureContextManager, settle } from '../../instrument/test/otel-harness';
import { startOtlpReceiver } from '../../instrument/test/otlp-receiver';

const CLI = join(__dirname, '..', 'src', 'cli.ts');

/**
 * Runs the demo workload in this process and returns what the library emitted (spans from an in-memory exporter,
 * a real /metrics scrape, log lines, /hotkeys) as text, plus the session ids.
 */
async function captureWorkload(redis: Redis, allowRawKeys: boolean) {
  ensureContextManager();
  const promPort = await freePort();
  const spans = new InMemorySpanExporter();
  const logLines: string[] = [];
  const service = await startDemoService({
    redis,
    logger: createLogger({ destination: { write: (line: string) => void logLines.push(line) } }),
    telemetry: { prometheusPort: promPort, extraSpanProcessors: [new SimpleSpanProcessor(spans)] },
    redaction: createRedactionPolicy({ allowRawKeys }),
    hotKeyThresholdPerMinute: 10,
    dbLatencyMs: 0,
  });
  try {
    const stats = await runLoad({
      baseUrl: service.baseUrl,
      users: 30,
      durationMs: 20_000,
      maxRequests: 600,
      concurrency: 4,
    });
    const scraped = (await getText(service.telemetry.metricsUrl!)).body;
    const hotkeysJson = (await getText(`${service.baseUrl}/hotkeys`)).body;
    const ids = [...service.app.sessions.keys()];
    await settle(); // spans are emitted on the next setImmediate
    // Read before stop(): shutting the exporter down empties it.
    const spanText = JSON.stringify(
      spans.getFinishedSpans().map((s) => ({ n: s.name, a: s.attributes, st: s.status, ev: s.events })),
    );
    return {
      stats,
      ids,
      outputs: { spans: spanText, prometheus: scraped, logs: logLines.join(''), hotkeys: hotkeysJson },
    };
  } finally {
    await service.stop();
    releasePort(promPort);
  }
}

/**
 * Runs the real demo CLI in a child process exporting OTLP/HTTP to a stand-in receiver. (A child process because
 * the OTLP exporters load node:http with a dynamic import() that jest's VM cannot run.)
 */
async function captureCliOtlp(server: RedisServer) {
  const receiver = await startOtlpReceiver();
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', CLI, '--redis-url', server.url(), '--port', '0'].concat([
      '--duration',
      '20',
      '--requests',
      '400',
      '--users',
      '20',
      '--concurrency',
      '4',
    ]),
    { env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`demo CLI exited ${code}: ${stderr.slice(-2000)}`);
    return {
      logs: stdout,
      otlp: receiver.bodies.map((b) => b.body).join('\n'),
      paths: receiver.bodies.map((b) => b.path),
    };
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    await receiver.close();
  }
}

/** Session ids the cache wrote to Redis (the demo's ids are random, so Redis is where to find them). */
async function sessionIdsIn(redis: Redis): Promise<string[]> {
  const keys = await redis.keys('session:*');
  return keys.map((k) => k.slice('session:'.length));
}

/** toContain on a large capture would print all of it on failure; this prints the start only. */
function expectContains(text: string, needle: string): void {
  if (!text.includes(needle)) throw new Error(`expected '${needle}' in capture starting: ${text.slice(0, 300)}`);
}

function assertNoLeak(outputs: Record<string, string>, ids: string[]): void {
  for (const [where, text] of Object.entries(outputs)) {
    for (const id of ids) {
      if (text.includes(id)) throw new Error(`session id leaked into ${where}`);
    }
  }
}

describe('secret scan: no session id leaves the process unless the operator opts in', () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis();
    redis = server.client();
    await redis.ping();
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('spans, a /metrics scrape, log lines and /hotkeys carry no session id', async () => {
    const { stats, ids, outputs } = await captureWorkload(redis, false);
    expect(stats.failed).toBe(0);
    expect(stats.ok).toBeGreaterThan(500);
    expect(ids).toHaveLength(30);
    // The captures are real: each holds what it should.
    expectContains(outputs.spans, 'session.validate');
    expectContains(outputs.prometheus, 'redislens_session_validations_total');
    expectContains(outputs.prometheus, 'db_client_operation_duration_seconds_bucket');
    expectContains(outputs.prometheus, 'redislens_hotkey_rate');
    expectContains(outputs.prometheus, 'redislens_session_validate_duration_seconds_bucket');
    expectContains(outputs.logs, '"msg":"login"');
    expectContains(outputs.hotkeys, 'session:{id}#');

    assertNoLeak(outputs, ids);
  });

  it('OTLP/HTTP bodies and log lines of the demo CLI carry no session id', async () => {
    await redis.flushdb();
    const { logs, otlp, paths } = await captureCliOtlp(server);
    const ids = await sessionIdsIn(redis);
    expect(ids).toHaveLength(20);
    expect(paths).toEqual(expect.arrayContaining(['/v1/traces', '/v1/metrics']));
    expectContains(otlp, 'resourceSpans');
    expectContains(otlp, 'session.validate');
    expectContains(otlp, 'redislens.session.validations');
    expectContains(otlp, 'redislens.hotkey.rate');
    expectContains(logs, 'load finished');
    assertNoLeak({ otlp, logs }, ids);
  });

  it('shows raw keys (here: session ids) only when the operator allows raw keys', async () => {
    const { ids, outputs } = await captureWorkload(redis, true);
    const leakedIntoHotKeys = ids.filter((id) => outputs.hotkeys.includes(id));
    expect(leakedIntoHotKeys.length).toBeGreaterThan(0);
    // Spans and logs stay clean even then: the opt-in is for hot-key labels only.
    for (const id of ids) {
      expect(outputs.spans.includes(id)).toBe(false);
      expect(outputs.logs.includes(id)).toBe(false);
    }
  });
});
