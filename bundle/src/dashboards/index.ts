import { hotKeys } from './hot-keys';
import { redisCluster } from './redis-cluster';
import { redisMemory } from './redis-memory';
import { redisOverview } from './redis-overview';
import { sentinelFailover } from './sentinel-failover';
import { sessions } from './sessions';
import { traces } from './traces';

/** Every dashboard, built with the foundation SDK, keyed by file name under dashboards/. */
export const DASHBOARDS = {
  'redis-overview.json': redisOverview,
  'sentinel-failover.json': sentinelFailover,
  'hot-keys.json': hotKeys,
  'sessions.json': sessions,
  'traces.json': traces,
  'redis-cluster.json': redisCluster,
  'redis-memory.json': redisMemory,
};

/** Dashboard JSON files keyed by repository path. */
export function dashboardFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(DASHBOARDS).map(([file, build]) => [
      `dashboards/${file}`,
      JSON.stringify(build().build(), null, 2) + '\n',
    ]),
  );
}
