import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import type { FailoverRecord } from './sentinel-events';

/** Span attribute names (redis-lens namespace; OTel has no Sentinel conventions). */
export const FAILOVER_ATTRIBUTES = {
  masterName: 'redis.sentinel.master_name',
  result: 'redis.sentinel.failover.result',
  abortReason: 'redis.sentinel.failover.abort_reason',
  oldMaster: 'redis.sentinel.failover.old_master',
  newMaster: 'redis.sentinel.failover.new_master',
  durationSeconds: 'redis.sentinel.failover.duration_s',
} as const;

/**
 * Emits one trace for a completed failover, after the fact, with the times the events arrived: a root span
 * `sentinel.failover <master_name>` from the first event to `+switch-master` (or the abort), a child span
 * `sentinel.failover.<stage>` from each stage to the next, and every raw Sentinel event as a span event.
 */
export function emitFailoverTrace(tracer: Tracer, record: FailoverRecord): void {
  const start = record.startedAt ?? record.events[0]?.at ?? record.endedAt;
  const attributes: Attributes = {
    'db.system.name': 'redis',
    [FAILOVER_ATTRIBUTES.masterName]: record.masterName,
    [FAILOVER_ATTRIBUTES.result]: record.result,
  };
  if (record.oldAddress) attributes[FAILOVER_ATTRIBUTES.oldMaster] = record.oldAddress;
  if (record.newAddress) attributes[FAILOVER_ATTRIBUTES.newMaster] = record.newAddress;
  if (record.abortReason) attributes[FAILOVER_ATTRIBUTES.abortReason] = record.abortReason;
  if (record.durationSeconds !== null) attributes[FAILOVER_ATTRIBUTES.durationSeconds] = record.durationSeconds;

  // A failover is its own story, never part of whatever span happens to be active.
  const root = tracer.startSpan(
    `sentinel.failover ${record.masterName}`,
    { kind: SpanKind.INTERNAL, startTime: start, attributes },
    ROOT_CONTEXT,
  );
  for (const event of record.events) {
    root.addEvent(
      event.event,
      { 'redis.sentinel.event.payload': event.payload, 'redis.sentinel.source': event.source },
      event.at,
    );
  }
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  record.stages.forEach((stage, index) => {
    const next = record.stages[index + 1]?.at ?? record.endedAt;
    const span = tracer.startSpan(
      `sentinel.failover.${stage.stage}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: stage.at,
        attributes: { [FAILOVER_ATTRIBUTES.masterName]: record.masterName },
      },
      parent,
    );
    span.end(Math.max(next, stage.at));
  });
  if (record.result === 'aborted') {
    root.setStatus({ code: SpanStatusCode.ERROR, message: record.abortReason ?? 'aborted' });
  }
  root.end(Math.max(record.endedAt, start));
}
