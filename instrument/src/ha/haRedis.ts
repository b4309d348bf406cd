import Redis, { type Command, type RedisOptions } from 'ioredis';
import { PIN_TO_MASTER_COMMANDS, UNPIN_COMMANDS } from './readCommands';
import type { Role } from './options';

/** Raised at once when the client is disconnected and `maxOfflineQueue` commands are already waiting. */
export class OfflineQueueFullError extends Error {
  constructor(limit: number) {
    super(`redis-lens HA client: offline queue full (${limit} commands waiting for a connection)`);
    this.name = 'OfflineQueueFullError';
  }
}

export interface CommandOutcomeListener {
  (role: Role, error: Error | undefined): void;
}

// ioredis keeps the offline queue private; its length is all we read.
type WithOfflineQueue = { offlineQueue?: { length: number } };

export function offlineQueueLength(client: Redis): number {
  return (client as unknown as WithOfflineQueue).offlineQueue?.length ?? 0;
}

// Errors after which a read is worth retrying on the master: the replica connection is gone, not the command wrong.
const REPLICA_UNAVAILABLE = /Connection is closed|Stream isn't writeable|MaxRetriesPerRequest|LOADING|MASTERDOWN/;

type WriteableStream = Parameters<Redis['sendCommand']>[1];

/**
 * The ioredis client the factory returns. `sendCommand` is the one funnel every command method goes through, so
 * bounding the offline queue, observing outcomes and routing reads to a replica here keeps the full ioredis API
 * (all command methods, pipelines, events) for the caller. Pipelines and transactions carry a stream argument and
 * stay on the master; so does everything after MULTI or WATCH until EXEC, DISCARD or UNWATCH.
 */
export class HaRedis extends Redis {
  /** Replica connection for reads (`readFrom: 'replica'`); unset otherwise. */
  replica?: Redis;
  private readCommands: ReadonlySet<string> = new Set();
  private maxOfflineQueue = Infinity;
  private pinnedToMaster = false;
  private outcomeListener?: CommandOutcomeListener;
  /** Reads sent to the replica and not yet answered. */
  private readonly replicaInFlight = new Set<Command>();

  constructor(options: RedisOptions) {
    super(options);
  }

  /** Called once by the factory before any command is sent. */
  configureHa(settings: {
    maxOfflineQueue: number;
    readCommands: ReadonlySet<string>;
    replica?: Redis;
    onOutcome?: CommandOutcomeListener;
  }): void {
    this.maxOfflineQueue = settings.maxOfflineQueue;
    this.readCommands = settings.readCommands;
    this.replica = settings.replica;
    this.outcomeListener = settings.onOutcome;
    // ioredis drops (rather than rejects) unanswered commands of a closed connection when it does not resend
    // them, so the caller would wait for the timeout: fail them now, which sends them to the master.
    settings.replica?.on('close', () => {
      for (const command of [...this.replicaInFlight]) command.reject(new Error('Connection is closed.'));
    });
  }

  override sendCommand(command: Command, stream?: WriteableStream): unknown {
    const name = command.name.toLowerCase();
    // EXEC often arrives inside a pipeline (stream set), so pinning is tracked for every command.
    if (PIN_TO_MASTER_COMMANDS.has(name)) this.pinnedToMaster = true;
    else if (UNPIN_COMMANDS.has(name)) this.pinnedToMaster = false;
    else if (!stream && this.replica?.status === 'ready' && !this.pinnedToMaster && this.readCommands.has(name)) {
      return this.sendToReplica(this.replica, command);
    }
    return this.sendToMaster(command, stream);
  }

  private sendToMaster(command: Command, stream?: WriteableStream): unknown {
    // While connecting, ioredis sends its own handshake (AUTH, SELECT, INFO): never refuse those.
    const queued = this.status !== 'ready' && this.status !== 'connect';
    if (queued && offlineQueueLength(this) >= this.maxOfflineQueue) {
      command.reject(new OfflineQueueFullError(this.maxOfflineQueue));
      this.observe('master', command);
      return command.promise;
    }
    const result = super.sendCommand(command, stream);
    this.observe('master', command);
    return result;
  }

  /**
   * Sends the caller's command to the replica. Its `reject` is wrapped once: if the replica connection is lost
   * before the reply, the same command goes to the master instead (its timeout keeps running, so the caller's
   * total wait stays bounded by `commandTimeoutMs`); any other error reaches the caller as usual.
   */
  private sendToReplica(replica: Redis, command: Command): unknown {
    const rejectToCaller = command.reject;
    const resolveToCaller = command.resolve;
    this.replicaInFlight.add(command);
    command.reject = (error: Error) => {
      this.replicaInFlight.delete(command);
      command.reject = rejectToCaller;
      command.resolve = resolveToCaller;
      this.outcomeListener?.('replica', error);
      if (REPLICA_UNAVAILABLE.test(error.message)) this.sendToMaster(command);
      else rejectToCaller(error);
    };
    command.resolve = (reply) => {
      this.replicaInFlight.delete(command);
      this.outcomeListener?.('replica', undefined);
      return resolveToCaller(reply);
    };
    replica.sendCommand(command);
    return command.promise;
  }

  private observe(role: Role, command: Command): void {
    const listener = this.outcomeListener;
    if (!listener) return;
    command.promise.then(
      () => listener(role, undefined),
      (error: Error) => listener(role, error),
    );
  }
}
