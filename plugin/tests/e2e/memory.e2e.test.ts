/**
 * @jest-environment node
 */
// Real-browser test of the BUILT plugin's Memory page on real parts: a redis-server (maxmemory 64 MB, allkeys-lru)
// holding a known keyspace of three key shapes, the redis-lens exporter (built CLI) sampling it, Prometheus scraping
// the exporter. Grafana cannot run here: grafanaStandIn.ts serves the Grafana endpoints the page calls (datasource
// proxy → the real Prometheus) and the host page with Grafana's shared modules. The page must show each pattern with
// its 95 % band, the coverage, the forecast and the biggest keys — key names only as the exporter renders them
// (`pattern#hash`): no id of the keyspace may reach the page.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  releasePort,
  startPrometheus,
  startRedis,
  startRedisLensExporter,
  type PrometheusServer,
  type RedisLensExporter,
  type RedisServer,
} from '@redis-lens/testkit';
import { testIds } from '../../src/testIds';
import { launchChromium, openUntil } from './browser';
import { buildHost } from './buildHost';
import { startGrafanaStandIn, type GrafanaStandIn } from './grafanaStandIn';
import { buildPlugin } from './pluginBuild';

const PLUGIN_ID = 'redislens-redis-app';
const pluginDir = join(__dirname, '..', '..');
const sel = (id: string) => `[data-testid="${id}"]`;
// REDIS_LENS_SCREENSHOT_DIR=docs/screenshots refreshes the docs' copy (as in plugin.e2e.test.ts).
const shotDir = process.env.REDIS_LENS_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'redis-lens-shots-'));

/** The keyspace: distinct sizes so the order by memory is known, distinct TTLs so the mix is. */
const SESSIONS = Array.from({ length: 3000 }, () => randomBytes(16).toString('hex'));
const CARTS = 1500;
const DOCS = Array.from({ length: 200 }, () => randomBytes(8).toString('hex'));

let redis: RedisServer | undefined;
let exporter: RedisLensExporter | undefined;
let prometheus: PrometheusServer | undefined;
let grafana: GrafanaStandIn | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let hostDir: string | undefined;
let closedPort: number | undefined;

beforeAll(async () => {
  await buildPlugin(pluginDir);
  hostDir = mkdtempSync(join(tmpdir(), 'redis-lens-host-'));
  await buildHost(hostDir);

  redis = await startRedis({ config: ['maxmemory 64mb', 'maxmemory-policy allkeys-lru'] });
  const client = redis.client();
  try {
    const pipeline = client.pipeline();
    // session:{id} ~1.5 MB, < 1 h TTL; doc:{id} ~3.3 MB, 1–7 d TTL; cart:{id} small hashes without TTL.
    SESSIONS.forEach((id) => pipeline.set(`session:${id}`, 's'.repeat(400), 'EX', 1800));
    DOCS.forEach((id) => pipeline.set(`doc:${id}`, 'd'.repeat(16_384), 'EX', 3 * 86400));
    for (let i = 0; i < CARTS; i++) {
      pipeline.hset(`cart:${i}`, { sku: 'a', qty: '1' });
    }
    await pipeline.exec();
  } finally {
    client.disconnect();
  }
  // Declared patterns, so the names show whatever the sampler saw first (a learned name needs k keys).
  exporter = await startRedisLensExporter(`127.0.0.1:${redis.port}`, [], {
    REDIS_LENS_KEY_HASH_SECRET: 'memory-e2e',
    REDIS_LENS_KEY_PATTERNS: 'session:{id} doc:{id} cart:{id}',
  });
  prometheus = await startPrometheus({
    scrapeTargets: [{ job: 'redis', targets: [exporter.address] }],
    scrapeInterval: '1s',
  });
  await prometheus.waitForQuery('redis_key_group_memory_usage_bytes', (s) => s.length >= 3, { timeoutMs: 60_000 });
  // The page's memory-by-pattern view never calls Alertmanager; the stand-in needs an address: a closed port.
  closedPort = await freePort();
  grafana = await startGrafanaStandIn({
    pluginId: PLUGIN_ID,
    pluginDist: join(pluginDir, 'dist'),
    hostDist: hostDir,
    iconsDir: join(require.resolve('@grafana/ui/package.json'), '..', 'dist', 'public', 'img', 'icons'),
    prometheusUrl: prometheus.url,
    alertmanagerUrl: `http://127.0.0.1:${closedPort}`,
    jsonData: { prometheusUid: 'prom', memoryFullInSeconds: 4 * 3600, alertRuleFilter: 'redis' },
  });
  browser = await launchChromium();
  // The first load pulls the host's development bundle: on a loaded shared machine that outlasts Playwright's 30 s.
  browser.page.setDefaultNavigationTimeout(120_000);
}, 600_000); // builds the plugin and the host on a shared machine

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await grafana?.stop().catch(() => undefined);
  await prometheus?.stop().catch(() => undefined);
  await exporter?.stop().catch(() => undefined);
  await redis?.stop();
  if (closedPort) {
    releasePort(closedPort);
  }
  if (hostDir) {
    rmSync(hostDir, { recursive: true, force: true });
  }
});

/** Every id of the keyspace (and an 8-character piece of each): none may appear on a page. */
const leakedIds = (text: string) =>
  [...SESSIONS, ...DOCS].filter((id) => text.includes(id) || text.includes(id.slice(0, 8)));

test('Memory page: patterns by memory with 95 % bands and TTL mix, coverage, forecast, biggest keys as pattern#hash', async () => {
  const { page } = browser!;
  const url = `${grafana!.url}/a/${PLUGIN_ID}/memory`;
  await openUntil(page, url, sel(testIds.memory.pattern), 'cart:{id}');
  // Sorted bars, largest first: doc:{id} (16 KB strings) > session:{id} > cart:{id}.
  const patterns = await page.locator(sel(testIds.memory.pattern)).allInnerTexts();
  expect(patterns.map((p) => /^(\S+)/.exec(p)?.[1])).toEqual(['doc:{id}', 'session:{id}', 'cart:{id}']);
  const bands = await page.locator(sel(testIds.memory.band)).allInnerTexts();
  expect(bands).toHaveLength(3);
  for (const band of bands) {
    expect(band).toMatch(/^[\d.]+ [KM]iB ± [\d.]+ (B|KiB|MiB) \(± \d+ %\)$/);
  }
  expect(await page.locator(sel(testIds.memory.ttlMix)).count()).toBe(3);
  const mixes = await page
    .locator(sel(testIds.memory.ttlMix))
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  expect(mixes).toEqual(['1–7 d 100 %', '< 1 h 100 %', 'no TTL 100 %']);

  const forecast = await page.locator(sel(testIds.memory.forecastRow)).first().innerText();
  expect(forecast).toContain(exporter!.address);
  expect(forecast).toContain('64 MiB (maxmemory)');
  expect(forecast).toContain('allkeys-lru');
  expect(await page.locator(sel(testIds.memory.coverage)).first().innerText()).toMatch(/^db0 [\d.]+ %/);

  const biggest = await page.locator(sel(testIds.memory.biggestRow)).allInnerTexts();
  expect(biggest.length).toBeGreaterThan(0);
  expect(biggest[0]).toMatch(/^doc:\{id\}#[0-9a-f]+\s/);
  for (const row of biggest) {
    expect(row).toMatch(/^(doc|session|cart):\{id\}#[0-9a-f]+\s/);
  }
  const text = await page.locator('body').innerText();
  expect(leakedIds(text)).toEqual([]);
  mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: join(shotDir, 'memory.png'), fullPage: true });
});

test('Overview: the memory forecast and the top patterns', async () => {
  const { page } = browser!;
  // One load, waited for: the Overview fires a score of queries, and reloading (openUntil) restarts them all, which
  // on a loaded machine never lets them finish.
  await page.goto(`${grafana!.url}/a/${PLUGIN_ID}/overview`);
  await page.locator(sel(testIds.memory.pattern)).first().waitFor({ timeout: 120_000 });
  const patterns = await page.locator(sel(testIds.memory.pattern)).allInnerTexts();
  expect(patterns.map((p) => /^(\S+)/.exec(p)?.[1])).toEqual(['doc:{id}', 'session:{id}', 'cart:{id}']);
  expect(await page.locator(sel(testIds.memory.forecastRow)).first().innerText()).toContain('allkeys-lru');
  expect(leakedIds(await page.locator('body').innerText())).toEqual([]);
});
