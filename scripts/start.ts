// `npm start`: runs the exporter. Without REDIS_ADDR (or --redis.addr) it first starts a local demo topology —
// master, 2 replicas, 3 Sentinels from the redis-server on PATH, all on 127.0.0.1, with an LFU policy so server-side
// hot keys work — points the exporter at it, and runs the demo workload (sessions + hot keys) against it.
// Ctrl-C stops everything it started.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  spawnManaged,
  startSentinelTopology,
  tempDir,
  type ManagedProcess,
  type SentinelTopology,
} from '@redis-lens/testkit';
import { ConfigError, loadConfig } from '../exporter/src/config';
import { createLogger } from '../exporter/src/logger';
import { startExporter } from '../exporter/src/service';
import { DEMO_KEY_PATTERNS } from '../demo/src/app';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // One hash secret for the exporter and the demo, so `pattern#hash` names the same key in both.
  process.env.REDIS_LENS_KEY_HASH_SECRET ||= randomBytes(16).toString('hex');
  const demoPort = process.env.REDIS_LENS_DEMO_PORT ?? '8080';
  const demoMetricsPort = process.env.REDIS_LENS_DEMO_METRICS_PORT ?? '9464';
  const external = Boolean(process.env.REDIS_ADDR) || argv.some((a) => /^--?redis\.addr/.test(a));
  let topology: SentinelTopology | undefined;
  const demoArgs: string[] = [];
  if (!external) {
    // The demo's key names (the exporter reads them from the env; the demo process inherits it).
    process.env.REDIS_LENS_KEY_PATTERNS ||= DEMO_KEY_PATTERNS.join(' ');
    console.log('No REDIS_ADDR: starting a demo master, 2 replicas and 3 Sentinels on 127.0.0.1 …');
    topology = await startSentinelTopology({ replicas: 2, sentinels: 3, redis: { maxmemoryPolicy: 'allkeys-lfu' } });
    const master = await topology.master();
    demoArgs.push(
      '--redis.addr',
      master.url(),
      '--sentinel.addrs',
      topology.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
      '--sentinel.master-name',
      topology.masterName,
    );
    if (!argv.some((a) => /^--?web\.listen-address/.test(a)) && !process.env.REDIS_EXPORTER_WEB_LISTEN_ADDRESS) {
      demoArgs.push('--web.listen-address', '127.0.0.1:9121');
    }
  }
  let config;
  try {
    config = loadConfig([...demoArgs, ...argv]);
  } catch (error) {
    await topology?.stop();
    if (error instanceof ConfigError) {
      console.error(`redis-lens-exporter: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const exporter = await startExporter(config, { logger: createLogger(config.logLevel) });
  console.log(`\nredis-lens exporter: ${exporter.url}${config.telemetryPath}   (health: ${exporter.url}/health)`);
  if (topology) {
    const [master, ...replicas] = topology.nodes;
    console.log(`demo master:    ${master.url()}`);
    for (const r of replicas) console.log(`demo replica:   ${r.url()}`);
    for (const s of topology.sentinels) console.log(`demo sentinel:  redis://127.0.0.1:${s.port}`);
  }
  let demo: ManagedProcess | undefined;
  if (topology) {
    // The demo workload: an instrumented session service plus a Zipf load generator, modest so a laptop stays usable.
    const logDir = tempDir('demo');
    demo = spawnManaged(
      'redis-lens-demo',
      process.execPath,
      [
        join(__dirname, '..', 'demo', 'bin', 'redis-lens-demo.js'),
        '--sentinels',
        topology.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
        '--master-name',
        topology.masterName,
        '--port',
        demoPort,
        '--metrics-port',
        demoMetricsPort,
        '--duration',
        '86400',
        '--requests',
        '1000000000',
        '--concurrency',
        '2',
      ],
      { logFile: join(logDir, 'demo.log') },
    );
    console.log(
      `demo workload:  http://127.0.0.1:${demoPort}   (its metrics: http://127.0.0.1:${demoMetricsPort}/metrics)`,
    );
    console.log(`demo log:       ${demo.logFile}`);
  }
  console.log('Ctrl-C stops everything.');
  const stop = async () => {
    await demo?.stop();
    await exporter.stop();
    await topology?.stop();
    process.exit(0);
  };
  // The test kit also kills every server it started on SIGINT/SIGTERM, so nothing outlives this process.
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
