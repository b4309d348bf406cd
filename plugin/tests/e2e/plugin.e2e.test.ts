/**
 * @jest-environment node
 */
// Real-browser test of the BUILT plugin. Grafana cannot run here, so a stand-in (grafanaStandIn.ts) serves
// Grafana's HTTP endpoints the plugin calls, forwarding to real Prometheus and Alertmanager with the same wire
// shapes, and a host page providing Grafana's shared modules. Redis, Sentinel, the redis-lens exporter (built CLI),
// Prometheus and Alertmanager are real: hot keys come from its LFU scan, failovers from the Sentinels' events.
// Alertmanager pages a PagerDuty stand-in (bundle/test/support/receivers.ts: PagerDuty cannot be reached from here)
// with the bundle's receiver config; the rules carry the generated runbook_url pointing at the stand-in Grafana.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@redis-lens/testkit';
import { contextKinds } from '../../src/data/runbooks';
import { RUNBOOKS } from '../../src/data/runbooks.generated';
import { testIds } from '../../src/testIds';
import { expectText, launchChromium, open, openUntil } from './browser';
import { buildHost } from './buildHost';
import { buildPlugin } from './pluginBuild';
import { OFFLINE_SKIPS, runPluginCheck } from './pluginCheck';
import { startGrafanaStandIn, type GrafanaStandIn } from './grafanaStandIn';
import { startStack, type Stack } from './stack';
import { CLUSTER_JOB, startClusterStack, type ClusterStack } from './clusterStack';

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

async function screenshot(name: string, page = browser!.page) {
  mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: join(shotDir, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  // Shared with the other browser test files (pluginBuild.ts): parallel builds into dist/ would break each other.
  await buildPlugin(pluginDir);
  hostDir = mkdtempSync(join(tmpdir(), 'redis-lens-host-'));
  await buildHost(hostDir);
  // The stand-in's port is chosen first: the alert rules' runbook_url must point at it.
  const grafanaPort = await freePort();
  stack = await startStack(`http://127.0.0.1:${grafanaPort}/`);
  grafana = await startGrafanaStandIn({
    port: grafanaPort,
    pluginId: PLUGIN_ID,
    pluginDist: dist,
    hostDist: hostDir,
    iconsDir: join(require.resolve('@grafana/ui/package.json'), '..', 'dist', 'public', 'img', 'icons'),
    prometheusUrl: stack.prometheus.url,
    alertmanagerUrl: stack.alertmanager.url,
    jsonData: { prometheusUid: 'prom', tempoUid: 'tempo', hotKeyRateThreshold: 1000, alertRuleFilter: 'redis' },
  });
  browser = await launchChromium();
}, 420_000); // builds the plugin and the host, starts the stack: minutes on a loaded machine

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

// One test per alert of the catalog, so an alert added to it is checked too. They run concurrently, each in its own
// browser page (jest.config.js's maxConcurrency bounds how many at once), and each waits on what its page must show.
describe('Every alert in the catalog has a runbook page that renders its steps and live context', () => {
  let instance = '';
  let labels: Record<string, string> = {};
  beforeAll(async () => {
    const { topology } = stack!;
    const master = await topology.currentMasterAddress();
    instance = `${master.host}:${master.port}`;
    labels = { instance, job: `redis-${master.port}`, master_name: topology.masterName, pattern: 'session:{id}' };
  });

  test.concurrent.each(RUNBOOKS.map((runbook) => [runbook.name, runbook] as const))('%s', async (name, runbook) => {
    // The labels the firing alert would carry: an aggregation keeps only its `by` labels (RedisHotKey has no instance).
    const carried =
      /\bby\s*\(([^)]*)\)/
        .exec(runbook.query)?.[1]
        .split(',')
        .map((l) => l.trim()) ?? runbook.labels;
    // RedisHotKey fires on the exporter's own series: its instance is the exporter's, with the source that saw the key.
    const alertLabels =
      name === 'RedisHotKey' ? { ...labels, instance: stack!.exporterAddress, source: 'server_estimate' } : labels;
    const own = Object.fromEntries(Object.entries(alertLabels).filter(([k]) => carried.includes(k)));
    const url = `${grafana!.url}/a/${PLUGIN_ID}/runbooks/${name}?${new URLSearchParams({ alertname: name, ...own })}`;
    const page = await browser!.context.newPage();
    try {
      await open(page, url);
      await expectText(page, sel(testIds.runbook.title), name);
      expect(await page.locator(sel(testIds.runbook.steps)).innerText()).toContain('Diagnosis');
      const kinds = contextKinds(name, own);
      const sections = page.locator(sel(testIds.runbook.section));
      expect(await sections.evaluateAll((els) => els.map((e) => e.getAttribute('data-context')))).toEqual(kinds);
      // Every section settles into content, an empty state or an error — never stays loading.
      await page.waitForFunction(
        (ids) =>
          document.querySelectorAll(`[data-testid="${ids.context}"] [data-testid="${ids.loading}"]`).length === 0,
        { context: testIds.runbook.context, loading: testIds.state.loading },
        { timeout: 30_000 }
      );
      expect(await page.locator(`${sel(testIds.runbook.context)} ${sel(testIds.state.error)}`).count()).toBe(0);
      const context = sel(testIds.runbook.context);
      if (kinds.includes('hotkeys')) {
        await expectText(page, `${context} ${sel(testIds.hotKeys.row)}`, 'session:{id}#');
      }
      if (kinds.includes('failover')) {
        await expectText(page, `${context} ${sel(testIds.topology.master)}`, instance);
        await expectText(page, `${context} ${sel(testIds.timeline.event)}`, '→');
      }
      if (kinds.includes('memory')) {
        await expectText(page, `${context} ${sel(testIds.runbook.memory)}`, instance);
      }
      // The exporter's own job keeps only its additions here (no redis_up), so only a Redis instance has a row.
      if (kinds.includes('instance') && own.instance === instance) {
        await expectText(page, `${context} ${sel(testIds.instances.row)}`, instance);
      }
      if (name === 'RedisHotKey' || name === 'RedisFailoverHappened') {
        await screenshot(`runbook-${name}`, page);
      }
    } finally {
      await page.close();
    }
  });

  test('an alert outside the catalog gets a page saying so', async () => {
    const { page } = browser!;
    await open(page, `${grafana!.url}/a/${PLUGIN_ID}/runbooks/NoSuchAlert`);
    await expectText(page, sel(testIds.runbook.notFound), 'NoSuchAlert', 15_000);
  });
});

test('Topology page shows the real Sentinel group after the failover, counted and searchable', async () => {
  const { topology } = stack!;
  const master = await topology.currentMasterAddress();
  const address = `${master.host}:${master.port}`;
  const { page } = browser!;
  await openUntil(page, `${grafana!.url}/a/${PLUGIN_ID}/topology`, sel(testIds.topology.master), address);
  // No cluster in this stack: the page counts the one Sentinel group and opens it (few groups are all opened).
  expect(await page.locator(sel(testIds.fleet.summary)).innerText()).toMatch(
    /^1 Sentinel group · 0 clusters \(0 shards\)/
  );
  expect(await page.locator(sel(testIds.fleet.toggle)).getAttribute('aria-expanded')).toBe('true');
  await screenshot('topology');
  await page.locator(`input${sel(testIds.fleet.search)}`).fill(address);
  expect(await page.locator(sel(testIds.fleet.group)).count()).toBe(1);
  await page.locator(`input${sel(testIds.fleet.search)}`).fill('no-such-group');
  await page.getByText('No group matches this search or filter.').waitFor({ timeout: 10_000 });
});

test('Alerts page lists redis-lens rules with state, severity and runbook; RedisDown fires after the kill', async () => {
  await stack!.prometheus.waitForQuery('ALERTS{alertname="RedisDown",alertstate="firing"}', undefined, {
    timeoutMs: 60_000,
  });
  const { page } = browser!;
  await openUntil(page, `${grafana!.url}/a/${PLUGIN_ID}/alerts`, sel(testIds.alerts.row), /RedisDown.*firing/s);
  const row = page.locator(sel(testIds.alerts.row)).filter({ hasText: 'RedisDown' });
  expect(await row.innerText()).toContain('critical');
  expect(await row.locator('a').getAttribute('href')).toBe(`/a/${PLUGIN_ID}/runbooks/RedisDown?alertname=RedisDown`);
  await openUntil(
    page,
    `${grafana!.url}/a/${PLUGIN_ID}/alerts`,
    sel(testIds.firing.group),
    /instance 127\.0\.0\.1:\d+/
  );
  await screenshot('alerts');
});

test('the runbook_url in the PagerDuty page opens the RedisDown runbook with that instance live', async () => {
  const { pagerduty } = stack!;
  const deadline = Date.now() + 60_000;
  let page: (typeof pagerduty.received)[number]['body'] | undefined;
  while (!page && Date.now() < deadline) {
    page = pagerduty.received.map((r) => r.body).find((e) => e.payload?.summary.includes('RedisDown'));
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(page).toBeDefined();
  const url = String(page!.payload?.custom_details?.runbook_url);
  expect(page!.links?.[0].href).toBe(url);
  // Expanded by Prometheus from the generated template: this Grafana, the app's page, the alert's labels escaped.
  expect(url).toMatch(
    new RegExp(
      `^${grafana!.url}/a/${PLUGIN_ID}/runbooks/RedisDown\\?alertname=RedisDown&instance=127\\.0\\.0\\.1%3A(\\d+)&job=redis-\\d+$`
    )
  );
  const instance = decodeURIComponent(/instance=([^&]+)/.exec(url)![1]);
  const { page: browserPage } = browser!;
  await openUntil(browserPage, url, sel(testIds.runbook.title), 'RedisDown');
  expect(await browserPage.locator(sel(testIds.runbook.steps)).innerText()).toContain('Diagnosis');
  // The instance context shows the killed node as down.
  await openUntil(browserPage, url, `${sel(testIds.runbook.context)} ${sel(testIds.instances.row)}`, instance);
  const rows = browserPage.locator(`${sel(testIds.runbook.context)} ${sel(testIds.instances.row)}`);
  expect(await rows.count()).toBe(1); // only the alert's instance, not every node
  expect(await rows.innerText()).toMatch(/down/i);
  await screenshot('runbook-redis-down');
});

test('Silencing an alert from the Alerts page sends the right request and Alertmanager suppresses it', async () => {
  const { page } = browser!;
  await openUntil(page, `${grafana!.url}/a/${PLUGIN_ID}/alerts`, sel(testIds.firing.alert), 'RedisDown');
  const row = page.locator(sel(testIds.firing.alert)).filter({ hasText: 'RedisDown' }).first();
  await row.locator(sel(testIds.firing.silence)).click();
  await page.locator(sel(testIds.silence.form)).waitFor();
  expect(grafana!.silences).toHaveLength(0); // nothing is sent before confirming
  await page.locator(`input${sel(testIds.silence.comment)}`).fill('e2e: node killed on purpose');
  await page.locator(sel(testIds.silence.confirm)).click();
  await page.locator(sel(testIds.silence.done)).waitFor({ timeout: 15_000 });
  expect(grafana!.silences).toHaveLength(1);
  const body = grafana!.silences[0] as {
    matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;
    startsAt: string;
    endsAt: string;
    createdBy: string;
    comment: string;
  };
  const alerts = await stack!.alertmanager.alerts();
  const down = alerts.find((a) => a.labels.alertname === 'RedisDown')!;
  expect(body.matchers).toEqual(
    Object.entries(down.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }))
  );
  expect(Date.parse(body.endsAt) - Date.parse(body.startsAt)).toBe(3_600_000);
  expect(body.comment).toBe('e2e: node killed on purpose');
  expect(body.createdBy).toBeTruthy();
  // The real Alertmanager accepted it and now suppresses that alert.
  const deadline = Date.now() + 30_000;
  let state = '';
  while (state !== 'suppressed' && Date.now() < deadline) {
    state = (await stack!.alertmanager.alerts()).find((a) => a.labels.alertname === 'RedisDown')?.status.state ?? '';
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(state).toBe('suppressed');
  await screenshot('alerts-silenced');
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

// A second Prometheus with a real Redis Cluster behind the exporter in cluster mode, shown through its own stand-in.
describe('Topology page on a real Redis Cluster', () => {
  let clusterStack: ClusterStack | undefined;
  let standIn: GrafanaStandIn | undefined;
  const url = () => `${standIn!.url}/a/${PLUGIN_ID}/topology`;

  beforeAll(async () => {
    clusterStack = await startClusterStack();
    standIn = await startGrafanaStandIn({
      pluginId: PLUGIN_ID,
      pluginDist: dist,
      hostDist: hostDir!,
      iconsDir: join(require.resolve('@grafana/ui/package.json'), '..', 'dist', 'public', 'img', 'icons'),
      prometheusUrl: clusterStack.prometheus.url,
      // The Topology page reads no alert; nothing listens here.
      alertmanagerUrl: 'http://127.0.0.1:9',
      jsonData: { prometheusUid: 'prom' },
    });
    await clusterStack.prometheus.waitForQuery('redis_cluster_node_info', (s) => s.length === 6, { timeoutMs: 60_000 });
  }, 240_000);
  afterAll(async () => {
    await standIn?.stop().catch(() => undefined);
    await clusterStack?.stop();
  });

  test('shows the cluster: state, shards with slot ranges, master → replica', async () => {
    const { page } = browser!;
    await openUntil(page, url(), sel(testIds.cluster.shard), '10923-16383');
    expect(await page.locator(sel(testIds.fleet.summary)).innerText()).toMatch(
      /^0 Sentinel groups · 1 cluster \(3 shards\) · 6 nodes · 0 with problems/
    );
    expect(await page.locator(sel(testIds.fleet.toggle)).innerText()).toContain(CLUSTER_JOB);
    expect(await page.locator(sel(testIds.cluster.state)).innerText()).toContain('cluster ok slots ok 16384');
    const shards = await page.locator(sel(testIds.cluster.shard)).allInnerTexts();
    expect(shards.map((s) => s.split(/\s/)[0])).toEqual(['0', '5461', '10923']);
    expect(shards[0]).toContain('0-5460 (5461)');
    expect(shards.every((s) => /online[\s\S]*→[\s\S]*online/.test(s))).toBe(true);
  });

  test('follows a real master kill: the promoted replica, the failover in range, a shard without replica first', async () => {
    const { cluster, prometheus } = clusterStack!;
    const [oldMaster] = await cluster.masters();
    await prometheus.waitForQuery('count_over_time(redis_cluster_node_info[1m]) >= 10');
    const promoted = await cluster.waitForFailover(await cluster.killMaster(0));
    await prometheus.waitForQuery('sum(redis_cluster_failovers_total) >= 1', undefined, { timeoutMs: 60_000 });
    const { page } = browser!;
    const change = `127.0.0.1:${oldMaster.port} → 127.0.0.1:${promoted.port}`;
    await openUntil(page, url(), sel(testIds.cluster.failover), change, 90_000);
    // Its duration from the exporter's histogram (first fail seen → promoted and cluster ok).
    expect(await page.locator(sel(testIds.cluster.failover)).innerText()).toMatch(/ in \d+\.\d\d s$/);
    expect(await page.locator(sel(testIds.fleet.summary)).innerText()).toContain('1 cluster (3 shards) · 6 nodes');
    expect(await page.locator(sel(testIds.fleet.toggle)).innerText()).toMatch(
      /1 failover[\s\S]*has no healthy replica/
    );
    // The killed master was the exporter's seed: state and slots now come from the nodes' own series.
    expect(await page.locator(sel(testIds.cluster.state)).innerText()).toMatch(
      /cluster ok slots ok 16384 · pfail 0 · fail 0 · 3 shards, 6 nodes/
    );
    await screenshot('topology-cluster');
    await page.locator(`input${sel(testIds.fleet.search)}`).fill(`127.0.0.1:${promoted.port}`);
    expect(await page.locator(sel(testIds.fleet.group)).count()).toBe(1);
  });
});
