import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  freePort,
  releasePort,
  sleep,
  startSentinelTopology,
  waitFor,
  type SentinelTopology,
} from '@redis-lens/testkit';
import type { ExporterFeature } from '../../src/feature';
import { createFailoverFeature } from '../../src/sentinel/failover';
import { FAILOVER_ATTRIBUTES } from '../../src/failover-trace';
import { sample, startHarness, type FeatureHarness } from '../support/feature-harness';

const MASTER = 'mymaster';
// Sentinels send hello messages every 2 s, so late copies of +switch-master arrive within a few seconds.
const SETTLE_MS = 4_000;

describe('failover tracking against real Sentinels', () => {
  let topo: SentinelTopology;
  let harness: FeatureHarness;
  let feature: ExporterFeature;
  let deadSentinelPort: number | undefined;

  beforeAll(async () => {
    topo = await startSentinelTopology({ replicas: 2, sentinels: 3, masterName: MASTER });
    // A configured Sentinel that is down from the start (a claimed port nothing listens on) must not stop tracking.
    deadSentinelPort = await freePort();
    harness = await startHarness({
      sentinels: [
        { host: '127.0.0.1', port: deadSentinelPort },
        ...topo.sentinels.map((s) => ({ host: s.host, port: s.port })),
      ],
      masterName: MASTER,
    });
    feature = createFailoverFeature();
    await feature.start(harness.ctx);
    await waitFor('the feature to subscribe to a Sentinel', () => feature.ready());
  });

  afterAll(async () => {
    await feature?.stop();
    await harness?.close();
    await topo?.stop();
    if (deadSentinelPort) releasePort(deadSentinelPort);
  });

  const roots = (): ReadableSpan[] =>
    harness.spans.getFinishedSpans().filter((s) => s.name === `sentinel.failover ${MASTER}`);

  it('seeds the current master from SENTINEL GET-MASTER-ADDR-BY-NAME', async () => {
    const { host, port } = await topo.currentMasterAddress();
    const text = await harness.metrics();
    expect(sample(text, 'redis_sentinel_current_master_info', { master_address: `${host}:${port}` })).toBe(1);
    // Counters start at 0, so Prometheus's increase() sees the first failover after start-up.
    expect(sample(text, 'redis_sentinel_failovers_total', { result: 'success' })).toBe(0);
    expect(sample(text, 'redis_sentinel_failovers_total', { result: 'aborted' })).toBe(0);
  });

  async function failoverAndCheck(mode: 'sentinel' | 'kill' | 'hang', expectedCount: number): Promise<void> {
    const { oldMaster, newMaster } = await topo.failover(mode);
    const newAddress = `${newMaster.host}:${newMaster.port}`;
    const oldAddress = `${oldMaster.host}:${oldMaster.port}`;
    await waitFor(`${newAddress} as current master in /metrics`, async () => {
      const text = await harness.metrics();
      return sample(text, 'redis_sentinel_current_master_info', { master_address: newAddress }) === 1;
    });
    await sleep(SETTLE_MS);
    const text = await harness.metrics();
    expect(sample(text, 'redis_sentinel_current_master_info', { master_address: oldAddress })).toBe(0);
    expect(sample(text, 'redis_sentinel_failovers_total', { master_name: MASTER, result: 'success' })).toBe(
      expectedCount,
    );
    expect(sample(text, 'redis_sentinel_failovers_total', { result: 'aborted' })).toBe(0);
    expect(sample(text, 'redis_sentinel_failover_duration_seconds_count', { master_name: MASTER })).toBe(expectedCount);
    expect(sample(text, 'redis_sentinel_events_total', { master_name: MASTER, event: '+switch-master' })).toBe(
      expectedCount,
    );
    expect(sample(text, 'redis_sentinel_last_failover_timestamp_seconds', { master_name: MASTER })).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );

    const traces = roots();
    expect(traces).toHaveLength(expectedCount);
    const root = traces[expectedCount - 1];
    expect(root.attributes[FAILOVER_ATTRIBUTES.oldMaster]).toBe(oldAddress);
    expect(root.attributes[FAILOVER_ATTRIBUTES.newMaster]).toBe(newAddress);
    expect(root.attributes[FAILOVER_ATTRIBUTES.result]).toBe('success');
    const seconds = root.duration[0] + root.duration[1] / 1e9;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(60);
    const children = harness.spans
      .getFinishedSpans()
      .filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId)
      .map((s) => s.name);
    expect(children).toEqual(
      expect.arrayContaining([
        'sentinel.failover.try-failover',
        'sentinel.failover.elected-leader',
        'sentinel.failover.selected-slave',
        'sentinel.failover.promoted-slave',
        'sentinel.failover.switch-master',
      ]),
    );
    if (mode !== 'sentinel') expect(children).toContain('sentinel.failover.odown');
    expect(root.events.map((e) => e.name)).toContain('+switch-master');
  }

  it('counts a SENTINEL FAILOVER exactly once, with a trace', async () => {
    await failoverAndCheck('sentinel', 1);
  });

  it('keeps tracking with one Sentinel killed, through a SIGKILLed master', async () => {
    topo.sentinels[2].process.signal('SIGKILL');
    await topo.sentinels[2].process.exited;
    const killed = await topo.master();
    await failoverAndCheck('kill', 2);
    await topo.revive(killed);
  });

  it('counts a hung (SIGSTOPped) master failover once', async () => {
    const hung = await topo.master();
    await failoverAndCheck('hang', 3);
    await topo.revive(hung);
  });
});
