import type { Attributes, Counter, Histogram } from '@opentelemetry/api';
import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { normalizeTarget } from '../allowlist';
import { ClusterFailoverDetector, type ClusterFailoverRecord } from './failover';
import {
  dialHost,
  dialPort,
  httpSdGroups,
  mergeViews,
  nodeTarget,
  parseClusterInfo,
  parseClusterNodes,
  parseClusterShards,
  type ClusterTopology,
  type ClusterView,
  type HttpSdGroup,
} from './topology';
import { FAILOVER_DURATION_BUCKETS } from '../sentinel/failover';
import { emitClusterFailoverTrace } from '../failover-trace';
import type { ExporterFeature, FeatureContext } from '../feature';
import type { FamilySource, MetricFamily } from '../producer';
import { createServerHotKeysFeature } from '../hotkeys/server';
import { createMemorySamplerFeature } from '../memory/sampler';
import { imbalanceRatio } from '../memory/server-sources';

/** Bounds the nodes asked per refresh and the series a huge or hostile cluster can create. */
const MAX_POLLED_NODES = 64;
const MAX_MASTER_SERIES = 1_000;
const TRIGGERS = ['failure', 'manual'] as const;

export interface ClusterFeatureOptions {
  /** How often CLUSTER INFO of one node is compared with the last full read (a change triggers a full read). */
  checkIntervalMs?: number;
}

/**
 * Cluster mode: discovers every node from the seed (`CLUSTER NODES` on every known node, merged; `CLUSTER SHARDS`
 * on Redis ≥ 7 for announced TLS ports), re-reads the topology on an interval and at once when a node's
 * CLUSTER INFO changes, exports the topology series of docs/metrics.md "Redis Cluster", counts failovers once per shard
 * with one trace each, runs the bounded LFU hot-key scan on every master, and vouches for the discovered nodes on
 * `/scrape` and `/discover-cluster-nodes`.
 */
export function createClusterFeature(options: ClusterFeatureOptions = {}): ExporterFeature {
  return new ClusterFeature(options);
}

interface Instruments {
  failovers: Counter;
  duration: Histogram;
}

/** The per-master features of one shard: the LFU hot-key scan and the memory sampler. */
interface ShardFeatures {
  masterId: string;
  features: { feature: ExporterFeature; source?: FamilySource }[];
}

class ClusterFeature implements ExporterFeature {
  readonly name = 'cluster';
  private ctx?: FeatureContext;
  private logger?: Logger;
  private instruments?: Instruments;
  private readonly detector = new ClusterFailoverDetector();
  private readonly clients = new Map<string, Redis>();
  private topology?: ClusterTopology;
  /** `/scrape` targets (`redis://host:port`, lower case) of every discovered node: its ip and its hostname forms. */
  private discovered = new Set<string>();
  private discoveredNodes = 0;
  private readonly masterSeries = new Map<string, number>();
  private readonly seenShards = new Set<string>();
  private readonly perShard = new Map<string, ShardFeatures>();
  private lastFailoverSeconds = new Map<string, number>();
  private lastRefresh = 0;
  private signature = '';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private tls = false;

  constructor(private readonly options: ClusterFeatureOptions) {}

  async start(ctx: FeatureContext): Promise<void> {
    if (!ctx.redis || !ctx.cluster) throw new Error('cluster mode needs a seed node (--redis.addr)');
    this.ctx = ctx;
    this.logger = ctx.logger.child({ feature: this.name });
    this.tls = Boolean(ctx.redis.tls);
    this.instruments = {
      failovers: ctx.meter.createCounter('redis_cluster_failovers', {
        description: 'Cluster failovers (a master replaced by its replica), once per shard however many nodes saw it',
      }),
      duration: ctx.meter.createHistogram('redis_cluster_failover_duration_seconds', {
        description: 'First PFAIL/FAIL seen (manual: last read before the switch) to replica promoted and cluster ok',
        unit: 's',
        advice: { explicitBucketBoundaries: FAILOVER_DURATION_BUCKETS },
      }),
    };
    ctx.addMetrics(() => this.families());
    ctx.addMetrics(() => this.shardFamilies());
    await this.refresh();
    this.schedule();
  }

  ready(): boolean {
    return this.topology !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await Promise.allSettled([...this.perShard.values()].flatMap((h) => h.features.map((f) => f.feature.stop())));
    this.perShard.clear();
    for (const client of this.clients.values()) client.disconnect();
    this.clients.clear();
  }

  allowsTarget(target: string): boolean {
    const normalized = normalizeTarget(target);
    if (!normalized) return false;
    const url = new URL(normalized);
    // Scheme, host and port exactly as discovered; no db path, query or fragment riding along.
    return this.discovered.has(`${url.protocol}//${url.host}`) && url.pathname.length <= 1 && !url.search && !url.hash;
  }

  httpSd(): HttpSdGroup[] {
    return this.topology ? httpSdGroups(this.topology, this.tls, this.ctx?.cluster?.discoverHostnames) : [];
  }

  private schedule(): void {
    if (this.stopped) return;
    const refreshMs = this.ctx!.cluster!.refreshIntervalMs;
    const checkMs = this.options.checkIntervalMs ?? Math.min(1_000, refreshMs);
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: Error) => this.logger?.warn({ err: error.message }, 'cluster topology refresh failed'))
        .finally(() => this.schedule());
    }, checkMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (Date.now() - this.lastRefresh >= this.ctx!.cluster!.refreshIntervalMs) return this.refresh();
    // A cheap look at one node: any change in state, epoch or failing slots means the topology moved.
    const reference = this.topology?.reference ?? this.seedAddress();
    const at = Date.now();
    const info = await this.command(reference, ['CLUSTER', 'INFO']).catch(() => undefined);
    if (typeof info !== 'string' || signatureOf(parseClusterInfo(info)) !== this.signature) await this.refresh();
    else this.detector.unchanged(at);
  }

  private seedAddress(): string {
    return `${this.ctx!.redis!.host ?? '127.0.0.1'}:${this.ctx!.redis!.port ?? 6379}`;
  }

  /** Asks every known node (and the seed) for its view, merges them and acts on the result. */
  private async refresh(): Promise<void> {
    const at = Date.now();
    this.lastRefresh = at;
    const known = this.topology?.nodes.map((n) => n.addr) ?? [];
    const addresses = [...new Set([this.seedAddress(), ...known])].slice(0, MAX_POLLED_NODES);
    const views = (await Promise.all(addresses.map((a) => this.readView(a)))).filter((v): v is ClusterView =>
      Boolean(v),
    );
    const topology = mergeViews(views);
    if (!topology.nodes.length) {
      this.logger?.warn({ asked: addresses.length }, 'no cluster node answered; keeping the last topology');
      return;
    }
    const reference = views.find((v) => v.source === topology.reference);
    this.signature = reference ? signatureOf(reference.info) : '';
    this.topology = topology;
    const reachable = topology.nodes.filter((n) => n.host && n.port > 0);
    // Both forms whatever http_sd hands out: a node is the same node under its ip and under the name it announces.
    this.discovered = new Set(
      reachable.flatMap((n) =>
        [n.host, n.hostname].filter((h): h is string => Boolean(h)).map((h) => targetKey(n, this.tls, h)),
      ),
    );
    this.discoveredNodes = reachable.length;
    const current = new Set(topology.nodes.map((n) => n.addr));
    for (const addr of this.clients.keys()) {
      if (!current.has(addr) && addr !== this.seedAddress()) this.dropClient(addr);
    }
    this.updateMasters(topology);
    this.onFailovers(this.detector.observe(topology, at));
    await this.syncShardFeatures(topology);
  }

  private async readView(address: string): Promise<ClusterView | undefined> {
    try {
      const client = await this.client(address);
      const replies = (await client
        .pipeline()
        .call('CLUSTER', 'INFO')
        .call('CLUSTER', 'NODES')
        .call('CLUSTER', 'SHARDS')
        .exec()) ?? [[new Error('no reply'), null]];
      const [infoError, info] = replies[0];
      const [nodesError, nodes] = replies[1] ?? [new Error('no reply'), null];
      if (infoError) throw infoError;
      if (nodesError) throw nodesError;
      const shards = replies[2] && !replies[2][0] ? parseClusterShards(replies[2][1]) : undefined;
      return { source: address, info: parseClusterInfo(String(info)), nodes: parseClusterNodes(String(nodes)), shards };
    } catch (error) {
      this.logger?.debug({ node: address, err: (error as Error).message }, 'cluster node did not answer');
      this.dropClient(address);
      return undefined;
    }
  }

  private async command(address: string, args: string[]): Promise<unknown> {
    try {
      const client = await this.client(address);
      return await client.call(args[0], ...args.slice(1));
    } catch (error) {
      this.dropClient(address);
      throw error;
    }
  }

  /** One fail-fast connection per node, kept between refreshes; a hung node costs one bounded timeout. */
  private async client(address: string): Promise<Redis> {
    let client = this.clients.get(address);
    if (!client) {
      const colon = address.lastIndexOf(':');
      const node = this.topology?.nodes.find((n) => n.addr === address);
      const timeout = Math.min(this.ctx!.redis!.connectTimeout ?? 5_000, 2_000);
      // Keyed by `ip:port` (the node's identity), dialled at its preferred endpoint (its hostname when announced so).
      const options: RedisOptions = {
        ...this.ctx!.redis!,
        host: node ? dialHost(node) : address.slice(0, colon),
        port: node ? dialPort(node, this.tls) : Number(address.slice(colon + 1)),
        lazyConnect: true,
        enableOfflineQueue: false,
        enableReadyCheck: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        connectTimeout: timeout,
        commandTimeout: timeout,
        connectionName: 'redis-lens-cluster',
      };
      client = new Redis(options);
      client.on('error', () => undefined);
      this.clients.set(address, client);
    }
    if (client.status === 'wait') await client.connect();
    return client;
  }

  private dropClient(address: string): void {
    this.clients.get(address)?.disconnect();
    this.clients.delete(address);
  }

  private updateMasters(topology: ClusterTopology): void {
    for (const shard of topology.shards) {
      if (!this.seenShards.has(shard.id) && this.seenShards.size < MAX_MASTER_SERIES) {
        this.seenShards.add(shard.id);
        // Start at 0 so the first failover shows in increase() (a series first seen at 1 does not).
        for (const trigger of TRIGGERS) this.instruments!.failovers.add(0, { shard: shard.id, trigger });
      }
      const key = `${shard.id}\0${shard.masterAddr}`;
      if (this.masterSeries.get(key) === 1) continue;
      for (const k of this.masterSeries.keys()) if (k.startsWith(`${shard.id}\0`)) this.masterSeries.set(k, 0);
      if (this.masterSeries.has(key) || this.masterSeries.size < MAX_MASTER_SERIES) this.masterSeries.set(key, 1);
    }
  }

  private onFailovers(records: ClusterFailoverRecord[]): void {
    for (const record of records) {
      const attributes: Attributes = { shard: record.shard, trigger: record.trigger };
      this.instruments!.failovers.add(1, attributes);
      this.instruments!.duration.record(record.durationSeconds, { shard: record.shard });
      this.lastFailoverSeconds.set(record.shard, record.endedAt / 1000);
      try {
        emitClusterFailoverTrace(this.ctx!.tracer, record);
      } catch (error) {
        this.logger?.warn({ err: (error as Error).message }, 'could not emit cluster failover trace');
      }
      this.logger?.info(
        {
          shard: record.shard,
          trigger: record.trigger,
          duration_s: record.durationSeconds,
          old_master: record.oldMasterAddr,
          new_master: record.newMasterAddr,
          cluster_ok: record.clusterOk,
        },
        'cluster failover completed',
      );
    }
  }

  /**
   * One bounded LFU hot-key scan and one memory sampler per master (same settings and budgets as standalone), moved
   * on failover.
   */
  private async syncShardFeatures(topology: ClusterTopology): Promise<void> {
    const ctx = this.ctx!;
    if (!ctx.hotkeys.enabled && !ctx.memory?.enabled) return;
    const wanted = new Map(topology.shards.filter((s) => s.slotCount > 0).map((s) => [s.id, s]));
    for (const [shard, running] of this.perShard) {
      if (wanted.get(shard)?.masterId === running.masterId) continue;
      this.perShard.delete(shard);
      // Not awaited: a cycle stuck on a hung former master must not hold up the topology refresh.
      for (const f of running.features) void f.feature.stop().catch(() => undefined);
    }
    for (const [shard, s] of wanted) {
      if (this.perShard.has(shard) || this.stopped) continue;
      const master = topology.nodes.find((n) => n.id === s.masterId);
      if (!master) continue;
      const entry: ShardFeatures = { masterId: s.masterId, features: [] };
      if (ctx.hotkeys.enabled) entry.features.push({ feature: createServerHotKeysFeature() });
      if (ctx.memory?.enabled) entry.features.push({ feature: createMemorySamplerFeature({ attributes: { shard } }) });
      this.perShard.set(shard, entry);
      for (const slot of entry.features) {
        await slot.feature.start({
          ...ctx,
          logger: ctx.logger.child({ shard }),
          redis: {
            ...ctx.redis!,
            host: dialHost(master),
            port: dialPort(master, this.tls),
            // A hung (SIGSTOPped) master fails the cycle instead of blocking it until the node wakes.
            commandTimeout: ctx.redis!.connectTimeout ?? 5_000,
          },
          addMetrics: (source) => {
            slot.source = source;
          },
        });
      }
    }
  }

  /** Every shard's per-master families merged by name, each series labelled with its `shard`. */
  private async shardFamilies(): Promise<MetricFamily[]> {
    const byName = new Map<string, MetricFamily>();
    for (const [shard, entry] of this.perShard) {
      for (const slot of entry.features) {
        for (const family of (await slot.source?.()) ?? []) {
          const merged = byName.get(family.name) ?? { ...family, series: [] };
          merged.series.push(...family.series.map((s) => ({ ...s, labels: { ...s.labels, shard } })));
          byName.set(family.name, merged);
        }
      }
    }
    return [...byName.values(), ...imbalanceFamilies(byName.get('redis_slot_stats'))];
  }

  private families(): MetricFamily[] {
    const t = this.topology;
    if (!t) return [];
    const gauge = (name: string, help: string, series: MetricFamily['series']): MetricFamily => ({
      name,
      help,
      kind: 'gauge',
      series,
    });
    const moves = (kind: 'migrating' | 'importing') =>
      t.nodes
        .filter((n) => n[kind].length)
        .map((n) => ({ labels: { shard: n.shard, addr: n.addr }, value: new Set(n[kind].map((m) => m.slot)).size }));
    return [
      gauge(
        'redis_cluster_node_info',
        'Every known cluster node (1) with its shard, role, master and health as the cluster sees it',
        t.nodes.map((n) => ({
          labels: {
            shard: n.shard,
            node_id: n.id,
            addr: n.addr,
            role: n.role,
            master_node_id: n.masterId ?? '',
            link_state: n.linkState,
            health: n.health,
          },
          value: 1,
        })),
      ),
      gauge(
        'redis_cluster_node_slots',
        'Hash slots a node serves (0 for replicas)',
        t.nodes.map((n) => ({ labels: { shard: n.shard, node_id: n.id, addr: n.addr }, value: n.slotCount })),
      ),
      gauge(
        'redis_cluster_shard_slots',
        'Hash slots a shard serves',
        t.shards.map((s) => ({ labels: { shard: s.id }, value: s.slotCount })),
      ),
      gauge(
        'redis_cluster_shard_replicas',
        'Replicas of a shard',
        t.shards.map((s) => ({ labels: { shard: s.id }, value: s.replicas.length })),
      ),
      gauge(
        'redis_cluster_shard_healthy_replicas',
        'Replicas of a shard that are online with a connected link',
        t.shards.map((s) => ({ labels: { shard: s.id }, value: s.healthyReplicas })),
      ),
      gauge('redis_cluster_slots_migrating', 'Slots this node is migrating away right now', moves('migrating')),
      gauge('redis_cluster_slots_importing', 'Slots this node is importing right now', moves('importing')),
      gauge(
        'redis_cluster_current_master_info',
        "A shard's current master (1); 0 for a former master of that shard",
        [...this.masterSeries].map(([key, value]) => {
          const [shard, addr] = key.split('\0');
          return { labels: { shard, addr }, value };
        }),
      ),
      gauge(
        'redis_cluster_last_failover_timestamp_seconds',
        'Unix time the last failover of a shard completed',
        [...this.lastFailoverSeconds].map(([shard, value]) => ({ labels: { shard }, value })),
      ),
      gauge('redis_cluster_discovered_nodes', 'Cluster nodes discovered (and allowed on /scrape)', [
        { value: this.discoveredNodes },
      ]),
    ];
  }
}

/** `redis_cluster_shard_imbalance_ratio{stat}`: max ÷ mean over shards of each CLUSTER SLOT-STATS total. */
function imbalanceFamilies(slotStats: MetricFamily | undefined): MetricFamily[] {
  if (!slotStats) return [];
  const byStat = new Map<string, number[]>();
  for (const s of slotStats.series) {
    const stat = String(s.labels?.stat);
    byStat.set(stat, [...(byStat.get(stat) ?? []), s.value]);
  }
  const series = [...byStat].flatMap(([stat, values]) => {
    const ratio = imbalanceRatio(values);
    return ratio === undefined ? [] : [{ labels: { stat }, value: ratio }];
  });
  return [
    {
      name: 'redis_cluster_shard_imbalance_ratio',
      help: 'max over shards / mean over shards of CLUSTER SLOT-STATS totals (1 = balanced)',
      kind: 'gauge',
      series,
    },
  ];
}

/** `scheme://host:port` as `allowsTarget` compares it (URL normalizes the host: lower case, IPv6 brackets). */
function targetKey(node: Parameters<typeof nodeTarget>[0], tls: boolean, host: string): string {
  const url = new URL(nodeTarget(node, tls, host));
  return `${url.protocol}//${url.host}`;
}

/** What a change of the topology shows in one node's CLUSTER INFO. */
function signatureOf(info: Map<string, string>): string {
  return [
    'cluster_state',
    'cluster_current_epoch',
    'cluster_slots_ok',
    'cluster_slots_pfail',
    'cluster_slots_fail',
    'cluster_known_nodes',
    'cluster_size',
  ]
    .map((f) => info.get(f) ?? '')
    .join('|');
}
