import http from 'node:http';
import { freePort, releasePort } from '@redis-lens/testkit';

/**
 * A static /metrics target standing in for the redis-lens exporter, which is built on another branch: it serves
 * only the redis-lens additions (docs/metrics.md) the test sets — redis_sentinel_failovers_total,
 * redis_sentinel_failover_duration_seconds and redis_hotkey_lfu_frequency. Every redis_exporter series
 * (redis_up, redis_instance_info, redis_sentinel_master_status, replication) comes from Debian's real
 * prometheus-redis-exporter instead.
 */
export interface StandInMetrics {
  address: string;
  setFailover(masterName: string, durationSeconds: number): void;
  setHotKeys(keys: Array<{ db: string; key: string; pattern: string; freq: number }>): void;
  stop(): Promise<void>;
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60];

export async function startStandInMetrics(masterName: string): Promise<StandInMetrics> {
  const port = await freePort();
  let failover: { durationSeconds: number } | undefined;
  let hotKeys: Array<{ db: string; key: string; pattern: string; freq: number }> = [];
  const render = () => {
    const m = `master_name="${escapeLabel(masterName)}"`;
    const lines = [
      '# TYPE redis_sentinel_failovers_total counter',
      `redis_sentinel_failovers_total{${m},result="success"} ${failover ? 1 : 0}`,
      `redis_sentinel_failovers_total{${m},result="aborted"} 0`,
      '# TYPE redis_sentinel_failover_duration_seconds histogram',
      ...BUCKETS.map(
        (le) =>
          `redis_sentinel_failover_duration_seconds_bucket{${m},le="${le}"} ${failover && failover.durationSeconds <= le ? 1 : 0}`
      ),
      `redis_sentinel_failover_duration_seconds_bucket{${m},le="+Inf"} ${failover ? 1 : 0}`,
      `redis_sentinel_failover_duration_seconds_sum{${m}} ${failover?.durationSeconds ?? 0}`,
      `redis_sentinel_failover_duration_seconds_count{${m}} ${failover ? 1 : 0}`,
      '# TYPE redis_hotkey_lfu_frequency gauge',
      ...hotKeys.map(
        (k) =>
          `redis_hotkey_lfu_frequency{db="${escapeLabel(k.db)}",key="${escapeLabel(k.key)}",pattern="${escapeLabel(k.pattern)}"} ${k.freq}`
      ),
    ];
    return lines.join('\n') + '\n';
  };
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/metrics')) {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(render());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${port}`,
    setFailover: (_name, durationSeconds) => (failover = { durationSeconds }),
    setHotKeys: (keys) => (hotKeys = keys),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      releasePort(port);
    },
  };
}
