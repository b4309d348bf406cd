import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startPrometheus, startAlertmanager, runTool, type PrometheusServer, type AlertmanagerServer } from '../src';

describe('Prometheus and Alertmanager', () => {
  let target: Server;
  let prometheus: PrometheusServer;
  let alertmanager: AlertmanagerServer;

  beforeAll(async () => {
    target = createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('# TYPE kit_answer gauge\nkit_answer{source="testkit"} 42\n');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    alertmanager = await startAlertmanager({
      route: { receiver: 'null' },
      receivers: [{ name: 'null' }],
    });
    const port = (target.address() as AddressInfo).port;
    prometheus = await startPrometheus({
      scrapeTargets: [`127.0.0.1:${port}`],
      evalInterval: '1s',
      alertmanagers: [alertmanager.address],
    });
  });
  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await new Promise((resolve) => target?.close(resolve));
  });

  it('scrapes a target started by the test and returns the value through its HTTP API', async () => {
    const samples = await prometheus.waitForQuery('kit_answer{source="testkit"}');
    expect(samples[0].value[1]).toBe('42');
    const targets = await prometheus.targets();
    expect(targets[0].health).toBe('up');
  });

  it('serves the Alertmanager API', async () => {
    expect(await alertmanager.alerts()).toEqual([]);
  });

  it('runs promtool and amtool from Debian', () => {
    expect(runTool('promtool', ['--version']).status).toBe(0);
    expect(runTool('amtool', ['check-config', alertmanager.configFile]).status).toBe(0);
  });
});
