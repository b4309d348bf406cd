import type { Attributes } from '@opentelemetry/api';

export interface FailoverSink {
  failoverSeen(attrs?: Attributes): void;
  recovered(seconds: number, attrs?: Attributes): void;
}

/** ioredis `Cluster#slots`: per slot, `[masterKey, ...replicaKeys]` ("host:port"). */
export type SlotMap = ReadonlyArray<ReadonlyArray<string> | undefined>;

const SLOTS = 16384;
/** A stale slot map from a node that has not heard of the failover yet must not count the same failover twice. */
const SAME_FAILOVER_WINDOW_MS = 60_000;

/**
 * Turns the cluster client's slot-map reads and command outcomes into failover telemetry (pure; no I/O).
 *
 * A failover is a shard's slots moving from their master to one of that master's replicas between two slot-map
 * reads (a move to any other node is a migration, counted as MOVED redirects instead). It counts once per shard,
 * labelled with the shard id of docs/metrics.md "Redis Cluster" (its lowest slot). Recovery runs from the first command
 * that failed on the old master (or, if none did, the read that showed the failover) to the first success on the
 * new master — which may come before the read, through a MOVED redirect.
 */
export class ShardWatch {
  /** Master of each slot at the last slot-map read. */
  private owner: (string | undefined)[] = new Array(SLOTS);
  private replicas = new Map<string, Set<string>>();
  /** Old master → first failure since its last success. */
  private failingSince = new Map<string, number>();
  /** Old master → first success on another node for one of its slots, while it was failing. */
  private servedElsewhere = new Map<string, { key: string; at: number }>();
  /** New master → failover waiting for its first success. */
  private pending = new Map<string, { startedAt: number; shard: string }>();
  /** "old→new" → when that failover was counted. */
  private counted = new Map<string, number>();

  constructor(
    private readonly sink: FailoverSink,
    /** The client's current master for a slot (MOVED updates it before the next read). */
    private readonly currentOwner: (slot: number) => string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** A shard is failing or a failover waits for its first success: the client should keep re-reading slots. */
  incidentOpen(): boolean {
    return this.failingSince.size > 0 || this.pending.size > 0;
  }

  failed(slot: number | undefined): void {
    if (slot === undefined) return;
    const key = this.owner[slot];
    if (key && !this.failingSince.has(key)) this.failingSince.set(key, this.now());
  }

  succeeded(slot: number | undefined): void {
    if (slot === undefined) return;
    const key = this.currentOwner(slot);
    if (!key) return;
    const waiting = this.pending.get(key);
    if (waiting) {
      this.pending.delete(key);
      this.sink.recovered((this.now() - waiting.startedAt) / 1000, { shard: waiting.shard });
      return;
    }
    const previous = this.owner[slot];
    if (previous === key) this.failingSince.delete(key);
    else if (previous && this.failingSince.has(previous) && !this.servedElsewhere.has(previous)) {
      this.servedElsewhere.set(previous, { key, at: this.now() });
    }
  }

  slotMapRead(slots: SlotMap): void {
    const moves = new Map<string, { to: string; shard: number }>();
    for (let slot = 0; slot < SLOTS; slot++) {
      const before = this.owner[slot];
      const after = slots[slot]?.[0];
      if (!before || !after || before === after || !this.replicas.get(before)?.has(after)) continue;
      // Slots are scanned in order, so the first one seen is the shard's lowest slot.
      if (!moves.has(before)) moves.set(before, { to: after, shard: this.lowestSlotOf(before) });
    }
    for (const [from, { to, shard }] of moves) {
      const pair = `${from}>${to}`;
      const seenAt = this.counted.get(pair);
      if (seenAt !== undefined && this.now() - seenAt < SAME_FAILOVER_WINDOW_MS) continue;
      this.counted.set(pair, this.now());
      const attrs = { shard: String(shard) };
      this.sink.failoverSeen(attrs);
      const startedAt = this.failingSince.get(from) ?? this.now();
      const early = this.servedElsewhere.get(from);
      if (early && early.key === to) this.sink.recovered((early.at - startedAt) / 1000, attrs);
      else this.pending.set(to, { startedAt, shard: attrs.shard });
      this.failingSince.delete(from);
      this.servedElsewhere.delete(from);
    }
    this.replicas.clear();
    for (let slot = 0; slot < SLOTS; slot++) {
      const nodes = slots[slot];
      this.owner[slot] = nodes?.[0];
      // ioredis shares one array per slot range: build each range's replica set once.
      if (!nodes?.[0] || nodes === slots[slot - 1]) continue;
      let set = this.replicas.get(nodes[0]);
      if (!set) this.replicas.set(nodes[0], (set = new Set()));
      for (const replica of nodes.slice(1)) set.add(replica);
    }
  }

  private lowestSlotOf(key: string): number {
    return this.owner.indexOf(key);
  }
}
