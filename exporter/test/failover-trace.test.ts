import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { emitFailoverTrace, FAILOVER_ATTRIBUTES } from '../src/failover-trace';
import type { FailoverRecord } from '../src/sentinel/events';

function tracerWithMemory() {
  const spans = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  return { tracer: provider.getTracer('test'), spans };
}

const t0 = Date.UTC(2026, 0, 1);

describe('emitFailoverTrace', () => {
  it('emits a root span over the failover with one child per stage and the raw events', () => {
    const { tracer, spans } = tracerWithMemory();
    const record: FailoverRecord = {
      masterName: 'mymaster',
      startedAt: t0,
      endedAt: t0 + 2_000,
      durationSeconds: 2,
      result: 'success',
      oldAddress: '127.0.0.1:6380',
      newAddress: '127.0.0.1:6381',
      stages: [
        { stage: 'odown', at: t0 },
        { stage: 'try-failover', at: t0 + 10 },
        { stage: 'promoted-slave', at: t0 + 900 },
        { stage: 'switch-master', at: t0 + 2_000 },
      ],
      events: [
        { event: '+odown', payload: 'master mymaster 127.0.0.1 6380 #quorum 2/2', at: t0, source: '127.0.0.1:26379' },
        { event: '+switch-master', payload: 'mymaster 127.0.0.1 6380 127.0.0.1 6381', at: t0 + 2_000, source: 's' },
      ],
    };
    emitFailoverTrace(tracer, record);
    const finished = spans.getFinishedSpans();
    const root = finished.find((s) => s.name === 'sentinel.failover mymaster')!;
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.startTime).toEqual([t0 / 1000, 0]);
    expect(root.endTime).toEqual([(t0 + 2_000) / 1000, 0]);
    expect(root.attributes).toMatchObject({
      [FAILOVER_ATTRIBUTES.oldMaster]: '127.0.0.1:6380',
      [FAILOVER_ATTRIBUTES.newMaster]: '127.0.0.1:6381',
      [FAILOVER_ATTRIBUTES.result]: 'success',
      'db.system.name': 'redis',
    });
    expect(root.events.map((e) => e.name)).toEqual(['+odown', '+switch-master']);
    const children = finished.filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId);
    expect(children.map((s) => s.name)).toEqual([
      'sentinel.failover.odown',
      'sentinel.failover.try-failover',
      'sentinel.failover.promoted-slave',
      'sentinel.failover.switch-master',
    ]);
    // Each stage lasts until the next one starts.
    expect(children[2].endTime).toEqual(children[3].startTime);
    expect(children.every((c) => c.spanContext().traceId === root.spanContext().traceId)).toBe(true);
  });

  it('marks an aborted failover as an error and survives a record without a start', () => {
    const { tracer, spans } = tracerWithMemory();
    emitFailoverTrace(tracer, {
      masterName: 'm',
      startedAt: null,
      endedAt: t0,
      durationSeconds: null,
      result: 'aborted',
      abortReason: '-failover-abort-no-good-slave',
      stages: [],
      events: [],
    });
    const [root] = spans.getFinishedSpans();
    expect(root.status).toEqual({ code: SpanStatusCode.ERROR, message: '-failover-abort-no-good-slave' });
    expect(root.attributes[FAILOVER_ATTRIBUTES.abortReason]).toBe('-failover-abort-no-good-slave');
    expect(root.attributes[FAILOVER_ATTRIBUTES.durationSeconds]).toBeUndefined();
  });
});
