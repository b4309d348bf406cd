import { createLogger, scrubSecrets } from '../src/logger';
import { createHarness } from './otel-harness';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = {
    write(chunk: string) {
      raw.push(chunk);
      lines.push(JSON.parse(chunk));
    },
  };
  return { lines, raw, destination };
}

describe('logger', () => {
  it('adds trace_id/span_id of the active span, and nothing outside a span', async () => {
    const otel = await createHarness();
    const { lines, destination } = capture();
    const log = createLogger({ destination });
    log.info('outside');
    const spanContext = otel.tracerProvider.getTracer('t').startActiveSpan('request', (span) => {
      log.info('inside');
      span.end();
      return span.spanContext();
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({ msg: 'inside', trace_id: spanContext.traceId, span_id: spanContext.spanId });
    await otel.shutdown();
  });

  it('censors secret fields and secret-looking tokens in messages', () => {
    const { raw, destination } = capture();
    const log = createLogger({ destination, redactPaths: ['user.ssn'] });
    const sid = 'sX9f2kQ7pL3mN8vB1cR6tY4wZ0aE5dG';
    log.info(
      {
        sessionId: sid,
        user: { name: 'ann', password: 'hunter2', ssn: '078-05-1120' },
        req: { headers: { cookie: `connect.sid=${sid}`, authorization: 'Bearer abc.def.ghi', host: 'x' } },
      },
      `validated sid=${sid} key session:${sid} with Bearer eyJhbGciOi.payload.sig`,
    );
    const text = raw.join('');
    for (const secret of [sid, 'hunter2', '078-05-1120', 'abc.def.ghi', 'eyJhbGciOi'])
      expect(text).not.toContain(secret);
    expect(text).toContain('"host":"x"');
    expect(text).toContain('"name":"ann"');
    expect(text).toContain('sid=[REDACTED]');
  });

  it('scrubs free text without touching ordinary words', () => {
    expect(scrubSecrets('session started for user ann')).toBe('session started for user ann');
    expect(scrubSecrets('password: s3cr3t!')).toBe('password: [REDACTED]');
  });
});
