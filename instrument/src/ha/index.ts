// redis-lens HA client: Sentinel-aware ioredis factory (see docs/ha-client.md).
export { createRedisClient, type HaClient } from './createRedisClient';
export { HA_DEFAULTS, CLUSTER_DEFAULTS, HaConfigError, type HaClientOptions, type Role } from './options';
export { HaCluster, type HaClusterClient } from './cluster';
export { HaRedis, OfflineQueueFullError } from './haRedis';
export { DEFAULT_READ_COMMANDS } from './readCommands';
export { parseSwitchMaster, type SwitchMaster } from './switchMaster';
