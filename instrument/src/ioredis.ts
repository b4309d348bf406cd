import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  context,
  metrics,
  trace,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type MeterProvider,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import {
  MAX_BATCH_COMMANDS_SHOWN,
  batchQueryText,
  firstKey,
  sanitizedQueryText,
  type BatchCommand,
} from './query-text';
import { redisErrorType } from './error-type';

/**
 * Spans and metrics for ioredis >= 5.11 from its `node:diagnostics_channel` TracingChannels — no monkey-patching.
 * Nothing is subscribed until `enable()`, and `disable()` unsubscribes, so ioredis's own `hasSubscribers` check
 * makes the disabled state free.
 */

export const INSTRUMENTATION_NAME = 'redis-lens/instrument';
/** Semconv's recommended boundaries for `db.client.operation.duration`. */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

export interface HotKeySink {
  record(key: string): void;
}

export interface IoredisInstrumentationOptions {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  /** Emit spans. Default true. */
  tracing?: boolean;
  /** Emit `db.client.operation.duration`. Default true. */
  metrics?: boolean;
  /** Only trace commands that run inside a span (what users of instrumentation-ioredis expect). Default true. */
  requireParentSpan?: boolean;
  /** Receives the first key of every keyed command (client-side hot keys). */
  hotKeys?: HotKeySink;
}

/** The message ioredis publishes on `ioredis:command` (see ioredis/built/tracing.d.ts). */
interface CommandMessage {
  command: string;
  args: string[];
  database: number;
  serverAddress: string;
  serverPort: number | undefined;
  error?: unknown;
  rlOperation?: Operation;
}

interface BatchMessage {
  batchMode: 'MULTI';
  batchSize: number;
  database: number;
  serverAddress: string;
  serverPort: number | undefined;
  error?: unknown;
  rlOperation?: Operation;
}

interface ConnectMessage {
  serverAddress: string;
  serverPort: number | undefined;
  error?: unknown;
}

/** One span's worth of work: a single command, a pipeline (commands written in one synchronous turn) or a MULTI. */
class Operation {
  endMs = 0;
  /**
   * The first MAX_BATCH_COMMANDS_SHOWN commands of a batch (name, arg count), for a span's db.query.text, and how
   * many there were in all. Only kept when a span is wanted.
   */
  commands: BatchCommand[] | undefined;
  commandCount = 0;
  pending = 0;
  sealed = false;
  error: unknown = undefined;
  batchSize = 1;
  multi = false;
  constructor(
    readonly command: string,
    readonly argCount: number,
    readonly database: number,
    readonly address: string,
    readonly port: number | undefined,
    readonly startMs: number,
    /** Parent context when a span is wanted; undefined means metrics only. */
    readonly parent: Context | undefined,
  ) {}

  /** Records a batch command for the span text (callers check `parent` first). */
  addCommand(command: string, argCount: number): void {
    if (this.commands === undefined) {
      // A pipeline's first command opened the operation (a MULTI starts with an empty list).
      this.commands = [];
      this.pushCommand(this.command, this.argCount);
    }
    this.pushCommand(command, argCount);
  }

  private pushCommand(command: string, argCount: number): void {
    if (this.commandCount++ < MAX_BATCH_COMMANDS_SHOWN) this.commands!.push({ command, argCount });
  }

  get operationName(): string {
    if (this.multi || (this.batchSize > 1 && this.command === 'multi')) return 'MULTI';
    return this.batchSize > 1 ? 'PIPELINE' : upperCase(this.command);
  }
}

/** Upper-cased command names, cached (bounded: command names are few, a runaway set is not cached). */
const upperCaseCache = new Map<string, string>();
function upperCase(command: string): string {
  let upper = upperCaseCache.get(command);
  if (upper === undefined) {
    upper = command.toUpperCase();
    if (upperCaseCache.size < 1000) upperCaseCache.set(command, upper);
  }
  return upper;
}

/** Metric attribute sets of one server, by operation name (and error type when the operation failed). */
interface ServerAttributes {
  address: string;
  port: number | undefined;
  sets: Map<string, Attributes>;
}

/** Above this many completed operations awaiting emission, emit synchronously (bounds memory). */
const MAX_DEFERRED = 4096;

/** performance.timeOrigin is fixed for the process; reading it is a getter call, so once is enough. */
const TIME_ORIGIN = performance.timeOrigin;
const nowMs = (): number => TIME_ORIGIN + performance.now();

const COMMAND = 'tracing:ioredis:command:';
const BATCH = 'tracing:ioredis:batch:';
const CONNECT = 'tracing:ioredis:connect:';

export class IoredisInstrumentation {
  private readonly tracer: Tracer | undefined;
  private readonly duration: Histogram | undefined;
  private readonly connects: Counter | undefined;
  private readonly requireParentSpan: boolean;
  private readonly hotKeys: HotKeySink | undefined;
  private enabled = false;
  /** Operations opened in the current synchronous turn; sealed by a microtask. */
  private unsealed: Operation[] = [];
  private lastUnsealed: Operation | undefined;
  /** Metrics or spans are wanted (hot keys alone need no operations). */
  private readonly recording: boolean;
  private currentBatch: Operation | undefined;
  private readonly attributeCache = new Map<string, ServerAttributes>();
  private lastServer: ServerAttributes | undefined;
  private cachedAttributeSets = 0;

  constructor(options: IoredisInstrumentationOptions = {}) {
    if (options.tracing !== false) {
      this.tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME);
    }
    if (options.metrics !== false) {
      const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME);
      this.duration = meter.createHistogram('db.client.operation.duration', {
        description: 'Duration of Redis operations as seen by the client',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      });
      this.connects = meter.createCounter('redislens.client.connects', {
        description: 'Connection attempts by ioredis (first connect and every reconnect), by outcome',
      });
    }
    this.requireParentSpan = options.requireParentSpan ?? true;
    this.hotKeys = options.hotKeys;
    this.recording = this.duration !== undefined || this.tracer !== undefined;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  enable(): this {
    if (this.enabled) return this;
    this.enabled = true;
    subscribe(COMMAND + 'start', this.onCommandStart);
    subscribe(COMMAND + 'asyncEnd', this.onCommandEnd);
    subscribe(BATCH + 'start', this.onBatchStart);
    subscribe(BATCH + 'end', this.onBatchSyncEnd);
    subscribe(BATCH + 'asyncEnd', this.onBatchEnd);
    if (this.connects) {
      subscribe(CONNECT + 'asyncEnd', this.onConnectEnd);
    }
    return this;
  }

  disable(): this {
    if (!this.enabled) return this;
    this.enabled = false;
    this.flush();
    unsubscribe(COMMAND + 'start', this.onCommandStart);
    unsubscribe(COMMAND + 'asyncEnd', this.onCommandEnd);
    unsubscribe(BATCH + 'start', this.onBatchStart);
    unsubscribe(BATCH + 'end', this.onBatchSyncEnd);
    unsubscribe(BATCH + 'asyncEnd', this.onBatchEnd);
    if (this.connects) {
      unsubscribe(CONNECT + 'asyncEnd', this.onConnectEnd);
    }
    return this;
  }

  /** The parent context when this operation should get a span, without touching the span for unsampled parents. */
  private spanParent(): Context | undefined {
    if (!this.tracer) return undefined;
    const active = context.active();
    const parent = trace.getSpan(active);
    if (!parent) return this.requireParentSpan ? undefined : active;
    // Parent-based sampling: an unsampled parent means no span work at all.
    return parent.spanContext().traceFlags & TraceFlags.SAMPLED ? active : undefined;
  }

  private readonly onCommandStart = (message: unknown): void => {
    const msg = message as CommandMessage;
    const hotKeys = this.hotKeys;
    if (hotKeys !== undefined) {
      const key = firstKey(msg.command, msg.args);
      if (key !== undefined) hotKeys.record(key);
    }
    const batch = this.currentBatch;
    if (batch !== undefined) {
      // Commands written inside MULTI … EXEC belong to the batch's span.
      if (msg.command !== 'multi' && msg.command !== 'exec') {
        batch.batchSize++;
        if (batch.parent !== undefined) batch.addCommand(msg.command, msg.args.length);
      }
      return;
    }
    if (!this.recording) return;
    // Commands written in the same synchronous turn to the same server and db form one operation (a pipeline).
    let op = this.lastUnsealed;
    if (
      op !== undefined &&
      op.address === msg.serverAddress &&
      op.port === msg.serverPort &&
      op.database === msg.database
    ) {
      op.batchSize++;
      if (op.parent !== undefined) op.addCommand(msg.command, msg.args.length);
    } else {
      op = new Operation(
        msg.command,
        msg.args.length,
        msg.database,
        msg.serverAddress,
        msg.serverPort,
        nowMs(),
        this.spanParent(),
      );
      if (this.unsealed.length === 0) queueMicrotask(this.seal);
      this.unsealed.push(op);
      this.lastUnsealed = op;
    }
    op.pending++;
    msg.rlOperation = op;
  };

  private readonly seal = (): void => {
    const ops = this.unsealed;
    this.unsealed = [];
    this.lastUnsealed = undefined;
    for (const op of ops) {
      op.sealed = true;
      if (op.pending === 0) this.finish(op);
    }
  };

  private readonly onCommandEnd = (message: unknown): void => {
    const msg = message as CommandMessage;
    const op = msg.rlOperation;
    if (!op) return;
    if (msg.error !== undefined && op.error === undefined) op.error = msg.error;
    if (--op.pending === 0 && op.sealed) this.finish(op);
  };

  private readonly onBatchStart = (message: unknown): void => {
    const msg = message as BatchMessage;
    const op = new Operation('multi', 0, msg.database, msg.serverAddress, msg.serverPort, nowMs(), this.spanParent());
    op.multi = true;
    op.batchSize = 0;
    if (op.parent !== undefined) op.commands = [];
    op.pending = 1;
    op.sealed = true;
    msg.rlOperation = op;
    this.currentBatch = op;
  };

  private readonly onBatchSyncEnd = (message: unknown): void => {
    const op = (message as BatchMessage).rlOperation;
    if (op) op.batchSize = Math.max((message as BatchMessage).batchSize, op.batchSize);
    this.currentBatch = undefined;
  };

  private readonly onBatchEnd = (message: unknown): void => {
    const msg = message as BatchMessage;
    const op = msg.rlOperation;
    if (!op) return;
    op.error = msg.error;
    op.pending = 0;
    this.finish(op);
  };

  private readonly onConnectEnd = (message: unknown): void => {
    const msg = message as ConnectMessage;
    this.connects?.add(1, {
      outcome: msg.error === undefined ? 'ok' : 'error',
      'server.address': msg.serverAddress,
      ...(msg.serverPort !== undefined ? { 'server.port': msg.serverPort } : {}),
    });
  };

  /** Metric attributes for an operation, cached per server (the last server is checked first, without a lookup). */
  private metricAttributes(operation: string, errorType: string | undefined, op: Operation): Attributes {
    let server = this.lastServer;
    if (server === undefined || server.address !== op.address || server.port !== op.port) {
      const serverKey = `${op.address}\u0000${op.port ?? ''}`;
      server = this.attributeCache.get(serverKey);
      if (server === undefined) {
        server = { address: op.address, port: op.port, sets: new Map() };
        if (this.attributeCache.size < 1000) this.attributeCache.set(serverKey, server);
      }
      this.lastServer = server;
    }
    const key = errorType === undefined ? operation : `${operation}\u0000${errorType}`;
    let attrs = server.sets.get(key);
    if (attrs === undefined) {
      attrs = { 'db.system.name': 'redis', 'db.operation.name': operation, 'server.address': op.address };
      if (op.port !== undefined) attrs['server.port'] = op.port;
      if (errorType !== undefined) attrs['error.type'] = errorType;
      // Bounded: operation names and error types are few; a runaway set falls back to uncached objects.
      if (this.cachedAttributeSets < 10_000) {
        server.sets.set(key, attrs);
        this.cachedAttributeSets++;
      }
    }
    return attrs;
  }

  /**
   * Completed operations are turned into metrics and spans in a batch on the next `setImmediate`, i.e. while the
   * application waits on I/O, instead of on the reply's critical path. Spans carry explicit start/end times and
   * the parent captured at start, so deferring changes nothing they say.
   */
  private completed: Operation[] = [];
  private flushScheduled = false;

  private finish(op: Operation): void {
    op.endMs = nowMs();
    this.completed.push(op);
    if (this.completed.length >= MAX_DEFERRED) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Records everything completed so far (also called by `disable()`). */
  readonly flush = (): void => {
    this.flushScheduled = false;
    const ops = this.completed;
    this.completed = [];
    for (const op of ops) this.emit(op);
  };

  private emit(op: Operation): void {
    const endMs = op.endMs;
    const operation = op.operationName;
    const errorType = op.error === undefined ? undefined : redisErrorType(op.error);
    this.duration?.record((endMs - op.startMs) / 1000, this.metricAttributes(operation, errorType, op));
    if (op.parent === undefined || !this.tracer) return;
    const span = this.tracer.startSpan(
      operation,
      { kind: SpanKind.CLIENT, startTime: op.startMs, attributes: { 'db.system.name': 'redis' } },
      op.parent,
    );
    if (span.isRecording()) {
      const batch = op.batchSize > 1 || op.multi;
      span.setAttribute('db.operation.name', operation);
      span.setAttribute(
        'db.query.text',
        op.commands ? batchQueryText(op.commands, op.commandCount) : sanitizedQueryText(op.command, op.argCount),
      );
      span.setAttribute('db.namespace', String(op.database));
      span.setAttribute('server.address', op.address);
      if (op.port !== undefined) span.setAttribute('server.port', op.port);
      if (batch) span.setAttribute('db.operation.batch.size', op.batchSize);
      if (errorType !== undefined) {
        // The message is left out on purpose: Redis echoes arguments (keys) in some errors.
        span.setAttribute('error.type', errorType);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
      }
    }
    span.end(endMs);
  }
}

/** Creates and enables the instrumentation. Call `disable()` to unsubscribe. */
export function instrumentIoredis(options: IoredisInstrumentationOptions = {}): IoredisInstrumentation {
  return new IoredisInstrumentation(options).enable();
}
