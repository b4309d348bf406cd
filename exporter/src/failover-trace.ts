import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import type { ClusterFailoverRecord } from './cluster/failover';
import type { FailoverRecord } from './sentinel/events';

/** Span attribute names (redis-lens namespace; OTel has no Sentinel conventions). */
export const FAILOVER_ATTRIBUTES = {
  masterName: 'redis.sentinel.master_name',
  result: 'redis.sentinel.failover.result',
  abortReason: 'redis.sentinel.failover.abort_reason',
  oldMaster: 'redis.sentinel.failover.old_master',
  newMaster: 'redis.sentinel.failover.new_master',
  durationSeconds: 'redis.sentinel.failover.duration_s',
} as const;

/** Span attribute names for Redis Cluster failovers (redis-lens namespace). */
export const CLUSTER_FAILOVER_ATTRIBUTES = {
  shard: 'redis.cluster.shard',
  trigger: 'redis.cluster.failover.trigger',
  oldMaster: 'redis.cluster.failover.old_master',
  newMaster: 'redis.cluster.failover.new_master',
  oldMasterId: 'redis.cluster.failover.old_master_id',
  newMasterId: 'redis.cluster.failover.new_master_id',
  durationSeconds: 'redis.cluster.failover.duration_s',
  clusterOk: 'redis.cluster.failover.cluster_ok',
} as const;

/** A failover told after the fact: a root span over it, a child span per stage, raw events as span events. */
interface StagedTrace {
  /** Root span name; children are `<spanPrefix>.<stage>`. */
  name: string;
  spanPrefix: string;
  start: number;
  end: number;
  attributes: Attributes;
  /** Attributes each stage span carries (the group it belongs to). */
  stageAttributes: Attributes;
  stages: { stage: string; at: number }[];
  events: { name: string; attributes: Attributes; at: number }[];
  /** Sets the root span's status to ERROR with this message. */
  error?: string;
}

function emitStagedTrace(tracer: Tracer, t: StagedTrace): void {
  // A failover is its own story, never part of whatever span happens to be active.
  const root = tracer.startSpan(
    t.name,
    { kind: SpanKind.INTERNAL, startTime: t.start, attributes: { 'db.system.name': 'redis', ...t.attributes } },
    ROOT_CONTEXT,
  );
  for (const event of t.events) root.addEvent(event.name, event.attributes, event.at);
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  t.stages.forEach((stage, index) => {
    const next = t.stages[index + 1]?.at ?? t.end;
    const span = tracer.startSpan(
      `${t.spanPrefix}.${stage.stage}`,
      { kind: SpanKind.INTERNAL, startTime: stage.at, attributes: t.stageAttributes },
      parent,
    );
    span.end(Math.max(next, stage.at));
  });
  if (t.error) root.setStatus({ code: SpanStatusCode.ERROR, message: t.error });
  root.end(Math.max(t.end, t.start));
}

/**
 * Emits one trace for a completed failover, after the fact, with the times the events arrived: a root span
 * `sentinel.failover <master_name>` from the first event to `+switch-master` (or the abort), a child span
 * `sentinel.failover.<stage>` from each stage to the next, and every raw Sentinel event as a span event.
 */
export function emitFailoverTrace(tracer: Tracer, record: FailoverRecord): void {
  const attributes: Attributes = {
    [FAILOVER_ATTRIBUTES.masterName]: record.masterName,
    [FAILOVER_ATTRIBUTES.result]: record.result,
  };
  if (record.oldAddress) attributes[FAILOVER_ATTRIBUTES.oldMaster] = record.oldAddress;
  if (record.newAddress) attributes[FAILOVER_ATTRIBUTES.newMaster] = record.newAddress;
  if (record.abortReason) attributes[FAILOVER_ATTRIBUTES.abortReason] = record.abortReason;
  if (record.durationSeconds !== null) attributes[FAILOVER_ATTRIBUTES.durationSeconds] = record.durationSeconds;
  emitStagedTrace(tracer, {
    name: `sentinel.failover ${record.masterName}`,
    spanPrefix: 'sentinel.failover',
    start: record.startedAt ?? record.events[0]?.at ?? record.endedAt,
    end: record.endedAt,
    attributes,
    stageAttributes: { [FAILOVER_ATTRIBUTES.masterName]: record.masterName },
    stages: record.stages,
    events: record.events.map((e) => ({
      name: e.event,
      attributes: { 'redis.sentinel.event.payload': e.payload, 'redis.sentinel.source': e.source },
      at: e.at,
    })),
    error: record.result === 'aborted' ? (record.abortReason ?? 'aborted') : undefined,
  });
}

/**
 * One trace per cluster failover: root span `cluster.failover <shard>` from the first PFAIL/FAIL seen (or the last
 * read before a manual switch) to promoted + cluster ok, a child span `cluster.failover.<stage>` per stage.
 */
export function emitClusterFailoverTrace(tracer: Tracer, record: ClusterFailoverRecord): void {
  const A = CLUSTER_FAILOVER_ATTRIBUTES;
  emitStagedTrace(tracer, {
    name: `cluster.failover ${record.shard}`,
    spanPrefix: 'cluster.failover',
    start: record.startedAt,
    end: record.endedAt,
    attributes: {
      [A.shard]: record.shard,
      [A.trigger]: record.trigger,
      [A.oldMaster]: record.oldMasterAddr,
      [A.newMaster]: record.newMasterAddr,
      [A.oldMasterId]: record.oldMasterId,
      [A.newMasterId]: record.newMasterId,
      [A.durationSeconds]: record.durationSeconds,
      [A.clusterOk]: record.clusterOk,
    },
    stageAttributes: { [A.shard]: record.shard },
    stages: record.stages,
    events: [],
    error: record.clusterOk ? undefined : 'cluster_state did not return to ok',
  });
}
