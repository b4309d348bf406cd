// One file names every program version (versions.json). This fails when docker-compose.yml's images, the collector
// manifest, the Dockerfiles' base image or a built binary (Prometheus, Alertmanager, the collector, plugincheck2,
// helm, kubectl-validate, kube-apiserver, kubectl, etcd) say something else, when compose's Grafana cannot load the
// app plugin, or when the
// manifest's components differ from those the shipped collector config uses.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readVersions, requireBinary, runTool } from '@redis-lens/testkit';
import { parse } from 'yaml';
import { satisfies } from './support/semver';

const ROOT = join(__dirname, '..');
const versions = readVersions();
const yamlFile = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8'), { merge: true });

interface Manifest {
  dist: { name: string; version: string };
  [kind: string]: unknown;
}
const manifest = yamlFile('collector/builder-config.yaml') as Manifest;
const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;
const gomods = (kind: string) => ((manifest[kind] ?? []) as Array<{ gomod: string }>).map((m) => m.gomod.split(' '));

describe('docker-compose.yml runs the versions versions.json names', () => {
  const compose = yamlFile('docker-compose.yml') as { services: Record<string, { image?: string; build?: unknown }> };
  const expected: Record<string, string> = {
    collector: `${versions.collector.image}:${versions.collector.release}`,
    prometheus: `${versions.prometheus.image}:v${versions.prometheus.version}`,
    grafana: `${versions.grafana.image}:${versions.grafana.version}`,
    tempo: `${versions.tempo.image}:${versions.tempo.version}`,
    'redis-master': `${versions.redis.image}:${versions.redis.version}-alpine`,
  };

  it.each(Object.entries(expected))('%s runs %s', (service, image) => {
    expect(compose.services[service].image).toBe(image);
  });

  it('every other image is built here (no version in compose goes untested)', () => {
    const known = new Set([
      ...Object.values(expected),
      `${versions.alertmanager.image}:v${versions.alertmanager.version}`,
      // An image another service of this file builds (the cluster profile's exporter reuses the exporter's).
      ...Object.values(compose.services)
        .filter((s) => s.build)
        .map((s) => s.image ?? ''),
    ]);
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build) continue;
      expect([name, known.has(service.image ?? '')]).toEqual([name, true]);
    }
  });

  it("Grafana satisfies the app plugin's grafanaDependency", () => {
    const plugin = JSON.parse(readFileSync(join(ROOT, 'plugin/src/plugin.json'), 'utf8'));
    const range: string = plugin.dependencies.grafanaDependency;
    expect([versions.grafana.version, range, satisfies(versions.grafana.version, range)]).toEqual([
      versions.grafana.version,
      range,
      true,
    ]);
  });

  it("Redis in compose is the redis-server every test starts (Debian's package)", () => {
    const server = execFileSync(requireBinary('redis-server'), ['--version'], { encoding: 'utf8' });
    expect(/\bv=(\d+\.\d+\.\d+)/.exec(server)?.[1]).toBe(versions.redis.version);
  });

  it('Prometheus module tag v0.3XX.Y is Prometheus 3.XX.Y', () => {
    const [, minor, patch] = versions.prometheus.version.split('.');
    expect(versions.prometheus.module).toBe(`v0.3${minor.padStart(2, '0')}.${patch}`);
  });
});

describe('the images', () => {
  it.each(['exporter/Dockerfile', 'demo/Dockerfile'])('%s builds FROM the base image versions.json names', (file) => {
    const froms = readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .filter((line) => /^FROM /.test(line))
      .map((line) => line.split(/\s+/)[1]);
    // Docker's short name: docker.io/library/ is implied.
    const short = versions.baseImage.ref.replace(/^docker\.io\/library\//, '');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toBe(short);
    expect(short).toBe(`node:${versions.baseImage.node}-${versions.baseImage.debian}-slim`);
  });
});

describe('collector/builder-config.yaml', () => {
  it('is the collector release versions.json names', () => {
    expect(manifest.dist.version).toBe(versions.collector.release);
  });

  it('keeps every module at that one release', () => {
    const core = [`v${versions.collector.core}`, `v${versions.collector.coreStable}`];
    for (const [module, version] of [...KINDS, 'providers'].flatMap(gomods)) {
      const allowed = module.startsWith('github.com/open-telemetry/opentelemetry-collector-contrib/')
        ? [`v${versions.collector.contrib}`]
        : core;
      expect([module, allowed]).toEqual([module, expect.arrayContaining([version])]);
    }
  });
});

describe('the built programs', () => {
  const versionOf = (name: string, args = ['--version']) => {
    const result = runTool(name, args);
    return result.stdout + result.stderr;
  };

  it.each([
    ['prometheus', versions.prometheus.version],
    ['promtool', versions.prometheus.version],
    ['alertmanager', versions.alertmanager.version],
    ['amtool', versions.alertmanager.version],
  ])('%s --version says %s', (name, version) => {
    expect(versionOf(name)).toContain(`version ${version} `);
  });

  it('otelcol --version is the manifest release', () => {
    expect(versionOf('otelcol')).toContain(`version ${versions.collector.release}`);
  });

  it('plugincheck2 is built from plugin-validator at its version', () => {
    // It prints no version of its own; the Go build info embedded in every Go binary names its module.
    const info = execFileSync(requireBinary('go'), ['version', '-m', requireBinary('plugincheck2')], {
      encoding: 'utf8',
    });
    expect(info).toMatch(
      new RegExp(`\\bmod\\s+github.com/grafana/plugin-validator\\s+v${versions.pluginValidator.version}\\b`),
    );
  });

  it('helm version names the release versions.json names', () => {
    expect(versionOf('helm', ['version', '--short'])).toMatch(new RegExp(`^v${versions.helm.version}\\b`));
  });

  it.each([
    ['kube-apiserver', ['--version'], `Kubernetes v${versions.kubernetes.version}`],
    ['kubectl', ['version', '--client'], `Client Version: v${versions.kubernetes.version}`],
    ['etcd', ['--version'], `etcd Version: ${versions.etcd.version}`],
  ])('%s says its version (%s)', (name, args, expected) => {
    expect(versionOf(name, args)).toContain(expected);
  });

  it('kubectl-validate is built from the commit versions.json pins', () => {
    const info = execFileSync(requireBinary('go'), ['version', '-m', requireBinary('kubectl-validate')], {
      encoding: 'utf8',
    });
    expect(info).toMatch(
      new RegExp(`\\bmod\\s+sigs.k8s.io/kubectl-validate\\s+${versions.kubectlValidate.version}\\b`),
    );
  });

  it('the collector has exactly the components collector/otelcol-config.yaml uses, from the manifest modules', () => {
    const built = parse(versionOf('otelcol', ['components'])) as Record<
      string,
      Array<{ name: string; module: string }>
    >;
    const config = yamlFile('collector/otelcol-config.yaml') as Record<string, Record<string, unknown>>;
    for (const kind of KINDS) {
      const used = [...new Set(Object.keys(config[kind] ?? {}).map((id) => id.split('/')[0]))].sort();
      expect([kind, (built[kind] ?? []).map((c) => c.name).sort()]).toEqual([kind, used]);
      expect([kind, (built[kind] ?? []).map((c) => c.module).sort()]).toEqual([
        kind,
        gomods(kind)
          .map(([module, version]) => `${module} ${version}`)
          .sort(),
      ]);
    }
  });
});
