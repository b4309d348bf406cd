// docker-compose.yml: valid against the Compose spec JSON schema (schemas/compose-spec.json), every mounted file
// present, images pinned, secrets from .env only, health checks behind every `service_healthy` dependency.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/outputs';
import { schemaValidator } from './support/schema-validator';
import { loadConfig } from '../../exporter/src/config';
import { parseDemoConfig } from '../../demo/src/config';

const composeText = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true });
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  volumes?: string[];
  ports?: string[];
  healthcheck?: object;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}
const services: Record<string, Service> = compose.services;

/** A service's environment with `${VAR:?…}` interpolated as compose would from .env, for the programs' own parsers. */
const composeEnv = (service: Service): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [k, v.replace(/\$\{[^}]+\}/g, 'from-dot-env')]),
  );

/** Built by other parts of the repository, not committed: plugin/ builds its dist. */
const BUILT_ELSEWHERE = ['plugin/dist'];

describe('docker-compose.yml', () => {
  it('is valid against the Compose spec schema', () => {
    const { $schema: draft, ...schema } = JSON.parse(
      readFileSync(join(__dirname, 'schemas', 'compose-spec.json'), 'utf8'),
    );
    // Named as https://json-schema.org/draft-07/schema, which is Ajv's default draft under another spelling.
    expect(draft).toMatch(/draft-07/);
    const validate = schemaValidator().compile(schema);
    validate(compose);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('has the whole stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'collector',
        'demo',
        'exporter',
        'grafana',
        'prometheus',
        'redis-master',
        'redis-replica-1',
        'redis-replica-2',
        'redis-cluster-1',
        'redis-cluster-2',
        'redis-cluster-3',
        'redis-cluster-4',
        'redis-cluster-5',
        'redis-cluster-6',
        'redis-cluster-init',
        'exporter-cluster',
        'sentinel-1',
        'sentinel-2',
        'sentinel-3',
        'tempo',
      ].sort(),
    );
    // One image per deployment unit: the exporter's holds no demo, the demo's no exporter.
    expect(services.exporter.build?.dockerfile).toBe('exporter/Dockerfile');
    expect(services.demo.build?.dockerfile).toBe('demo/Dockerfile');
    expect(services.demo.image).not.toBe(services.exporter.image);
  });

  it('every bind-mounted file or directory exists (or is a build output of another part)', () => {
    const paths = Object.values(services).flatMap((s) => [
      ...(s.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => v.split(':')[0].slice(2)),
      ...(s.build ? [s.build.dockerfile] : []),
    ]);
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) {
      expect([path, existsSync(join(REPO_ROOT, path)) || BUILT_ELSEWHERE.includes(path)]).toEqual([path, true]);
    }
  });

  it('pins every image (except the one this file builds)', () => {
    const built = new Set(
      Object.values(services)
        .filter((s) => s.build)
        .map((s) => s.image),
    );
    for (const [name, service] of Object.entries(services)) {
      if (!service.image || built.has(service.image)) continue;
      expect([name, service.image]).toEqual([name, expect.stringMatching(/:[^:]*\d+\.\d+/)]);
    }
  });

  it('publishes ports on loopback only', () => {
    for (const service of Object.values(services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('takes every secret from .env (documented in .env.example), never a default admin/admin', () => {
    const required = [...composeText.matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]);
    const example = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
    for (const name of new Set(required)) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    expect(services.grafana.environment?.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?/);
    expect(composeText).not.toMatch(/requirepass\s+[^%\s]/);
  });

  it('every service_healthy dependency has a health check', () => {
    for (const service of Object.values(services)) {
      for (const [dep, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dep]).toBeDefined();
        if (condition === 'service_healthy') expect([dep, Boolean(services[dep].healthcheck)]).toEqual([dep, true]);
      }
    }
  });

  it('mounts the plugin, provisioning and dashboards into Grafana', () => {
    expect(services.grafana.volumes).toEqual(
      expect.arrayContaining([
        './plugin/dist:/var/lib/grafana/plugins/redislens-redis-app:ro',
        './provisioning/alerting:/etc/grafana/provisioning/alerting:ro',
        './dashboards:/var/lib/grafana/dashboards:ro',
      ]),
    );
  });

  it('gives the exporter settings its own config loader accepts (Sentinel tracking on, secrets from .env)', () => {
    const env = composeEnv(services.exporter);
    const config = loadConfig([], env);
    expect(config.sentinelAddrs).toHaveLength(3);
    expect(config.sentinelMasterName).toBe('mymaster');
  });

  it('runs a 3 × 2 Redis Cluster and a cluster-mode exporter only under the cluster profile', () => {
    const profiled = Object.entries(services as Record<string, Service & { profiles?: string[] }>)
      .filter(([, s]) => s.profiles?.includes('cluster'))
      .map(([name]) => name);
    expect(profiled.sort()).toEqual(
      ['exporter-cluster', 'redis-cluster-init', ...[1, 2, 3, 4, 5, 6].map((i) => `redis-cluster-${i}`)].sort(),
    );
    const config = loadConfig([], composeEnv(services['exporter-cluster']));
    expect(config.isCluster).toBe(true);
    expect(config.redisAddr).toBe('redis://redis-cluster-1:6379');
    expect(config.redisPassword).toBe('from-dot-env');
    expect(config.clusterRefreshMs).toBe(5_000);
    expect(services['exporter-cluster'].image).toBe(services.exporter.image);
  });

  it('runs the demo through the HA client on the same Sentinels as the exporter, exporting OTLP to the collector', () => {
    const demo = services.demo as Service & { command: string[]; entrypoint: string[] };
    expect(demo.entrypoint).toEqual(['/app/bin/redis-lens-demo.js']);
    const env = composeEnv(demo);
    const config = parseDemoConfig(demo.command, env);
    expect(config.sentinels.map((x) => `${x.host}:${x.port}`)).toEqual(
      services.exporter.environment!.SENTINEL_ADDRS.split(','),
    );
    expect(config.sentinelPassword).toBe('from-dot-env');
    expect(config.host).toBe('0.0.0.0');
    expect(config.otlpEndpoint).toBe('http://collector:4318');
  });
});
