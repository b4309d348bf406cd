/**
 * @jest-environment node
 */
// Real-browser test of the BUILT plugin. Grafana cannot run here, so a stand-in (grafanaStandIn.ts) serves
// Grafana's HTTP endpoints the plugin calls, forwarding to real Prometheus and Alertmanager with the same wire
// shapes, and a host page providing Grafana's shared modules. Redis, Sentinel, the redis-lens exporter (built CLI),
// Prometheus and Alertmanager are real: hot keys come from its LFU scan, failovers from the Sentinels' events.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testIds } from '../../src/testIds';
import { launchChromium, openUntil } from './browser';
import { buildHost } from './buildHost';
import { OFFLINE_SKIPS, runPluginCheck } from './pluginCheck';
import { startGrafanaStandIn, type GrafanaStandIn } from './grafanaStandIn';
import { RUNBOOK_BASE, startStack, type Stack } from './stack';

const PLUGIN_ID = 'redislens-redis-app';
const pluginDir = join(__dirname, '..', '..');
const dist = join(pluginDir, 'dist');
const sel = (id: string) => `[data-testid="${id}"]`;
// Screenshots go to a temp dir; REDIS_LENS_SCREENSHOT_DIR=docs/screenshots refreshes the README's copies.
const shotDir = process.env.REDIS_LENS_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'redis-lens-shots-'));
const HOSTILE_KEY = '<img src=x onerror="window.__xss=1">';

let stack: Stack | undefined;
let grafana: GrafanaStandIn | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let hostDir: string | undefined;

async function screenshot(name: string) {
  mkdirSync(shotDir, { recursive: true });
  await browser!.page.screenshot({ path: join(shotDir, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  const build = spawnSync('npx', ['webpack', '-c', './webpack.config.ts', '--env', 'production'], {
    cwd: pluginDir,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    throw new Error(`plugin build failed:\n${build.stdout}\n${build.stderr}`);
  }
  hostDir = mkdtempSync(join(tmpdir(), 'redis-lens-host-'));
  await buildHost(hostDir);
  stack = await startStack();
  grafana = await startGrafanaStandIn({
    pluginId: PLUGIN_ID,
    pluginDist: dist,
    hostDist: hostDir,
    iconsDir: join(require.resolve('@grafana/ui/package.json'), '..', 'dist', 'public', 'img', 'icons'),
    prometheusUrl: stack.prometheus.url,
    alertmanagerUrl: stack.alertmanager.url,
    jsonData: { prometheusUid: 'prom', tempoUid: 'tempo', hotKeyLfuThreshold: 10, alertRuleFilter: 'redis' },
  });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await grafana?.stop().catch(() => undefined);
  await stack?.stop();
  if (hostDir) {
    rmSync(hostDir, { recursive: true, force: true });
  }
  console.log(`redis-lens plugin screenshots: ${shotDir}`);
});

// Grafana's plugin validator on this build: errors and warnings fail, recommendations (e.g. a sponsorship link) are
// only advice. The analyzers it cannot run here are listed in pluginCheck.ts with the reason.
test('plugincheck2 finds no error or warning with any analyzer that runs offline', () => {
  const report = runPluginCheck(dist, PLUGIN_ID, pluginDir);
  const findings = Object.entries(report).flatMap(([analyzer, diagnostics]) =>
    diagnostics
      .filter((d) => d.Severity === 'error' || d.Severity === 'warning')
      .map((d) => `${analyzer}: ${d.Severity}: ${d.Title}`)
  );
  expect(findings).toEqual([]);
  expect(Object.keys(report).filter((analyzer) => analyzer in OFFLINE_SKIPS)).toEqual([]);
});

test('npm run build lays out dist with the app and every nested panel', () => {
  const app = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8'));
  expect(app).toMatchObject({ id: PLUGIN_ID, type: 'app' });
  expect(app.info.version).not.toContain('%');
  expect(existsSync(join(dist, 'module.js'))).toBe(true);
  for (const [folder, id] of [
    ['hotkeys', 'redislens-hotkeys-panel'],
    ['failover', 'redislens-failover-panel'],
    ['alerts', 'redislens-alerts-panel'],
  ]) {
    expect(JSON.parse(readFileSync(join(dist, 'panels', folder, 'plugin.json'), 'utf8'))).toMatchObject({
      id,
      type: 'panel',
    });
    expect(readFileSync(join(dist, 'panels', folder, 'module.js'), 'utf8')).toMatch(/^\/\* \[create-plugin\]|define\(/);
    expect(app.includes).toContainEqual(
      expect.objectContaining({ type: 'panel', path: `panels/${folder}/plugin.json` })
    );
  }
});

test('Hot keys page ranks real LFU keys, marks the threshold and renders hostile keys as text', async () => {
  const { topology } = stack!;
  const master = (await topology.master()).client();
  const keys = { 'session:8f14e45fceea167a5a36dedd4bea2543': 3000, 'cart:42': 30, [HOSTILE_KEY]: 200 };
  try {
    for (const [key, reads] of Object.entries(keys)) {
      await master.set(key, 'v');
      const pipeline = master.pipeline();
      for (let i = 0; i < reads; i++) {
        pipeline.get(key);
      }
      await pipeline.exec();
    }
  } finally {
    master.disconnect();
  }
  // The exporter's background LFU scan finds them; Prometheus scrapes the result.
  await stack!.prometheus.waitForQuery('redis_hotkey_lfu_frequency > 0', (s) => s.length >= 3, { timeoutMs: 60_000 });
  const { page } = browser!;
  await openUntil(page, `${grafana!.url}/a/${PLUGIN_ID}/hotkeys`, sel(testIds.hotKeys.row), 'session:{id}#');
  const rows = await page.locator(sel(testIds.hotKeys.row)).allInnerTexts();
  expect(rows[0]).toContain('session:{id}#');
  expect(rows.join('\n')).toContain(HOSTILE_KEY);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator(`${sel(testIds.hotKeys.table)} img`).count()).toBe(0);
  await page.locator(`input${sel(testIds.hotKeys.patternFilter)}`).fill('cart');
  await page.waitForFunction(
    (row) => document.querySelectorAll(`[data-testid="${row}"]`).length === 1,
    testIds.hotKeys.row
  );
  expect(await page.locator(sel(testIds.hotKeys.row)).innerText()).toContain('cart:{id}#');
});

test('Overview shows instances with roles, the current master, hot keys and a firing alert', async () => {
  const { topology, prometheus } = stack!;
  const master = await topology.currentMasterAddress();
  await prometheus.waitForQuery('ALERTS{alertname="RedisHotKey",alertstate="firing"}');
  const { page } = browser!;
  await openUntil(
    page,
    `${grafana!.url}/a/${PLUGIN_ID}/overview`,
    sel(testIds.topology.master),
    `${master.host}:${master.port}`
  );
  await openUntil(page, `${grafana!.url}/a/${PLUGIN_ID}/overview`, sel(testIds.alerts.row), 'RedisHotKey');
  const instances = await page.locator(sel(testIds.instances.row)).allInnerTexts();
  expect(instances.join('\n')).toMatch(/master/);
  expect(instances.join('\n')).toMatch(/slave/);
  expect(await page.locator(sel(testIds.hotKeys.row)).count()).toBeGreaterThan(0);
  await screenshot('overview');
});

test('Failover page follows a real Sentinel failover (kill) to the new master and lists it in the timeline', async () => {
  const { topology, prometheus } = stack!;
  // Monitoring has watched the old master for a while before the fault, as it would in production.
  await prometheus.waitForQuery('count_over_time(redis_sentinel_master_status[1m]) >= 10');
  const { oldMaster, newMaster } = await topology.failover('kill');
  // Counted by the exporter from the Sentinels' own events.
  await prometheus.waitForQuery(`redis_sentinel_failovers_total{result="success"} >= 1`);
  const address = `${newMaster.host}:${newMaster.port}`;
  await prometheus.waitForQuery(`redis_sentinel_master_status{master_address="${address}"}`);
  const { page } = browser!;
  const url = `${grafana!.url}/a/${PLUGIN_ID}/failover`;
  await openUntil(page, url, sel(testIds.topology.master), address);
  const change = `${oldMaster.host}:${oldMaster.port} → ${address}`;
  await openUntil(page, url, sel(testIds.timeline.event), change, 90_000);
  const event = await page.locator(sel(testIds.timeline.event)).filter({ hasText: change }).innerText();
  expect(event).toContain('success');
  expect(
    await page
      .locator(`${sel(testIds.timeline.event)} a`)
      .first()
      .getAttribute('href')
  ).toContain('/explore');
  await screenshot('failover');
});

test('Alerts page lists redis-lens rules with state, severity and runbook; RedisDown fires after the kill', async () => {
  await stack!.prometheus.waitForQuery('ALERTS{alertname="RedisDown",alertstate="firing"}', undefined, {
    timeoutMs: 60_000,
  });
  const { page } = browser!;
  await openUntil(page, `${grafana!.url}/a/${PLUGIN_ID}/alerts`, sel(testIds.alerts.row), /RedisDown.*firing/s);
  const row = page.locator(sel(testIds.alerts.row)).filter({ hasText: 'RedisDown' });
  expect(await row.innerText()).toContain('critical');
  expect(await row.locator('a').getAttribute('href')).toBe(`${RUNBOOK_BASE}/redis-down.md`);
  await screenshot('alerts');
});

test('Nested panels from the built bundle render their own Prometheus queries', async () => {
  const { topology } = stack!;
  const master = await topology.currentMasterAddress();
  const { page } = browser!;
  const panel = (name: string, expr: string) => `${grafana!.url}/panel/${name}?q=${encodeURIComponent(expr)}`;
  await openUntil(page, panel('hotkeys', 'redis_hotkey_lfu_frequency'), sel(testIds.hotKeys.row), 'session:{id}#');
  await screenshot('panel-hotkeys');
  await openUntil(
    page,
    panel('failover', 'redis_sentinel_master_status'),
    sel(testIds.topology.master),
    `${master.host}:${master.port}`
  );
  expect(await page.locator(sel(testIds.timeline.event)).count()).toBeGreaterThan(0);
  await openUntil(page, panel('alerts', 'ALERTS'), sel(testIds.alerts.row), 'RedisDown');
  await openUntil(page, panel('alerts', 'redis_up'), sel(testIds.state.empty), 'needs active `ALERTS` series');
  await openUntil(page, panel('alerts', 'sum(('), sel(testIds.state.error), 'parse error');
});

test('Config page saves datasources and thresholds in the app jsonData (light theme)', async () => {
  const { page } = browser!;
  await page.goto(`${grafana!.url}/plugins/${PLUGIN_ID}?theme=light`);
  const input = page.locator(`input${sel(testIds.appConfig.rateThreshold)}`);
  await input.fill('2500');
  await page.locator(sel(testIds.appConfig.submit)).click();
  await page.getByText('Saved').waitFor({ timeout: 10_000 });
  expect(grafana!.settings.jsonData).toMatchObject({ prometheusUid: 'prom', hotKeyRateThreshold: 2500 });
  await screenshot('config');
});

test('Hot keys trend sparklines fill in as Prometheus keeps scraping', async () => {
  const { page } = browser!;
  await openUntil(page, `${grafana!.url}/a/${PLUGIN_ID}/hotkeys`, sel(testIds.hotKeys.row), 'session:{id}#');
  await page
    .locator(`${sel(testIds.hotKeys.row)} svg polyline`)
    .first()
    .waitFor({ state: 'attached', timeout: 60_000 }); // a flat line has no height, so 'visible' never holds
  await screenshot('hotkeys');
});

test('With Prometheus gone, pages say so instead of showing stale or empty data', async () => {
  await stack!.prometheus.stop(); // stack.stop() later is a no-op for it
  const { page } = browser!;
  // The stand-in answers 502 with a JSON message, as Grafana's datasource proxy does for an unreachable datasource.
  await openUntil(page, `${grafana!.url}/a/${PLUGIN_ID}/overview`, sel(testIds.state.error), 'HTTP 502');
  await openUntil(page, `${grafana!.url}/a/${PLUGIN_ID}/alerts`, sel(testIds.state.error), 'HTTP 502');
});
