import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, getText, releasePort, waitFor } from '@redis-lens/testkit';

// The README's run command, for real: `npm start` with no REDIS_ADDR starts a local topology, the exporter and the
// demo workload; Ctrl-C (SIGINT) stops every process it started.
describe('npm start', () => {
  it('serves exporter and demo metrics, then stops everything on SIGINT', async () => {
    const [exporterPort, demoPort, demoMetricsPort] = [await freePort(), await freePort(), await freePort()];
    const child = spawn('npm', ['start'], {
      cwd: join(__dirname, '..'),
      env: {
        ...process.env,
        REDIS_ADDR: '',
        REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${exporterPort}`,
        REDIS_LENS_DEMO_PORT: String(demoPort),
        REDIS_LENS_DEMO_METRICS_PORT: String(demoMetricsPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the test can send SIGINT the way a terminal's Ctrl-C does
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor('npm start to print the exporter URL', () => output.includes('Ctrl-C stops everything'), {
        timeoutMs: 90_000,
      });
      const exporterMetrics = await waitFor(
        'the exporter to report redis_up 1 and the current master',
        async () => {
          const { body } = await getText(`http://127.0.0.1:${exporterPort}/metrics`);
          return /^redis_up 1$/m.test(body) && body.includes('redis_sentinel_current_master_info{') ? body : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(exporterMetrics).toMatch(/^redis_connected_slaves 2$/m);
      await waitFor(
        'the demo workload to validate sessions',
        async () =>
          (await getText(`http://127.0.0.1:${demoMetricsPort}/metrics`)).body.includes(
            'redislens_session_validations_total{',
          ),
        { timeoutMs: 30_000 },
      );
      const printedPorts = [...output.matchAll(/redis:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
      expect(printedPorts.length).toBeGreaterThanOrEqual(6); // master, 2 replicas, 3 Sentinels printed
    } finally {
      process.kill(-child.pid!, 'SIGINT');
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
      if (code === 'timeout') process.kill(-child.pid!, 'SIGKILL');
      for (const port of [exporterPort, demoPort, demoMetricsPort]) releasePort(port);
    }
    // Nothing it started still answers: the exporter port is closed.
    await expect(getText(`http://127.0.0.1:${exporterPort}/metrics`)).rejects.toThrow();
  });
});
