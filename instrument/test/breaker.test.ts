import { CircuitBreaker, type BreakerState } from '../src/breaker';

describe('circuit breaker state machine', () => {
  const setup = (overrides = {}) => {
    let now = 0;
    const breaker = new CircuitBreaker({ minimumCalls: 4, windowSize: 10, openMs: 1000, now: () => now, ...overrides });
    const transitions: [BreakerState, BreakerState][] = [];
    breaker.onTransition((from, to) => transitions.push([from, to]));
    return { breaker, transitions, advance: (ms: number) => (now += ms) };
  };

  it('stays closed below the minimum number of calls and below the failure rate', () => {
    const { breaker } = setup();
    breaker.onFailure();
    breaker.onFailure();
    breaker.onFailure(); // 3 of 3 failed, but fewer than minimumCalls
    expect(breaker.state).toBe('closed');
    for (let i = 0; i < 7; i++) breaker.onSuccess(); // 3/10 < 0.5
    breaker.onFailure(); // window slides: 3/10 (one old failure dropped)
    expect(breaker.state).toBe('closed');
  });

  it('opens at the failure rate, rejects calls while open, probes once in half-open and closes on success', () => {
    const { breaker, transitions, advance } = setup();
    for (let i = 0; i < 4; i++) breaker.onFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true); // the probe
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(false); // one probe at a time
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
    // Closing starts a fresh window: one failure does not reopen it.
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
  });

  it('goes back to open when the half-open probe fails', () => {
    const { breaker, transitions, advance } = setup();
    for (let i = 0; i < 4; i++) breaker.onFailure();
    advance(1000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    expect(transitions.map((t) => t[1])).toEqual(['open', 'half-open', 'open']);
  });

  it('rejects invalid options naming the setting', () => {
    expect(() => new CircuitBreaker({ failureRateThreshold: 2 })).toThrow(/failureRateThreshold/);
    expect(() => new CircuitBreaker({ minimumCalls: 50, windowSize: 10 })).toThrow(/minimumCalls/);
    expect(() => new CircuitBreaker({ callTimeoutMs: Number.NaN })).toThrow(/callTimeoutMs/);
  });
});
