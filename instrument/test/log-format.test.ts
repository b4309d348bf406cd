import { createLogger, formatLogLine, resolveLogFormat, textDestination } from '../src';

describe('readable log lines', () => {
  it('formats a pino JSON line as time, level, name, message and key=value fields', () => {
    const line = formatLogLine(
      JSON.stringify({
        level: 40,
        time: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
        pid: 1,
        hostname: 'h',
        name: 'redis-lens-exporter',
        msg: 'scrape failed; redis_up 0',
        target: 'redis://127.0.0.1:6379',
        reason: 'connect ECONNREFUSED 127.0.0.1:6379',
        attempt: 2,
      }),
    );
    expect(line).toBe(
      '03:04:05.678 WARN  redis-lens-exporter: scrape failed; redis_up 0 target=redis://127.0.0.1:6379 reason="connect ECONNREFUSED 127.0.0.1:6379" attempt=2\n',
    );
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatLogLine('plain text')).toBe('plain text\n');
  });

  it('auto is readable on a terminal and JSON elsewhere', () => {
    expect(resolveLogFormat('auto', true)).toBe('txt');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('txt', false)).toBe('txt');
  });

  it('keeps the logger’s redaction: no secret field or token reaches a readable line', () => {
    const written: string[] = [];
    const logger = createLogger({
      name: 'app',
      destination: textDestination({ write: (t: string) => written.push(t) }),
    });
    logger.info(
      { password: 'hunter2-secret', session: { sid: 'sid-0123456789abcdef' } },
      'login sid=abcdef0123456789 ok',
    );
    const text = written.join('');
    expect(text).toMatch(/INFO +app: login sid=\[REDACTED\] ok/);
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('0123456789abcdef');
    expect(text).not.toContain('abcdef0123456789');
    expect(text.trim().startsWith('{')).toBe(false);
  });
});
