/**
 * Values for every mode, as a user would write them: Secrets by reference, addresses inside the cluster. The
 * `standalone` case also turns on every optional part, so each resource kind is rendered by at least one mode.
 */
export const MODE_VALUES: Record<string, object> = {
  standalone: {
    mode: 'standalone',
    redis: {
      addr: 'rediss://redis-master.cache.svc:6380',
      user: 'exporter',
      auth: { existingSecret: 'redis', key: 'redis-password' },
      tls: { existingSecret: 'redis-tls', clientCert: true },
    },
    redaction: { patterns: ['session:{id}'], hashSecret: { existingSecret: 'redis-lens-keys' } },
    monitoring: { additionalLabels: { release: 'kps' } },
    alertmanagerConfig: { enabled: true, existingSecret: 'alerting' },
    grafana: { operator: { enabled: true }, alerting: { enabled: true } },
    otelCollector: { enabled: true },
    networkPolicy: { enabled: true },
  },
  sentinel: {
    mode: 'sentinel',
    redis: { addr: '' },
    sentinel: {
      addrs: [
        'redis-node-0.redis-headless:26379',
        'redis-node-1.redis-headless:26379',
        'redis-node-2.redis-headless:26379',
      ],
      masterName: 'mymaster',
      auth: { existingSecret: 'redis', key: 'redis-password' },
    },
  },
  cluster: {
    mode: 'cluster',
    redis: {
      addr: 'redis://redis-cluster-0.redis-cluster-headless:6379',
      auth: { existingSecret: 'redis-cluster', key: 'redis-password', mountAs: 'env' },
    },
  },
  fleet: {
    mode: 'fleet',
    fleet: {
      targets: ['redis://10.0.0.5:6379', 'redis://cache-a.internal:6379', 'rediss://cache-b.internal:6380'],
      credentials: { existingSecret: 'redis-fleet' },
    },
  },
  'fleet-sharded': {
    mode: 'fleet',
    fleet: {
      targets: ['redis://10.0.0.5:6379', 'redis://10.0.0.6:6379', 'redis://10.0.0.7:6379', 'redis://10.0.0.8:6379'],
      credentials: { existingSecret: 'redis-fleet' },
      shards: 3,
    },
  },
  sidecar: {
    mode: 'sidecar',
    sidecar: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } } },
  },
};
