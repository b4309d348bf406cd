// `npm start`: runs the exporter. Without REDIS_ADDR (or --redis.addr) it first starts a local demo topology —
// master, 2 replicas, 3 Sentinels from the redis-server on PATH, all on 127.0.0.1 — and points the exporter at it.
// Ctrl-C stops everything it started.
import { startSentinelTopology, type SentinelTopology } from '@redis-lens/testkit';
import { ConfigError, loadConfig } from '../exporter/src/config';
import { createLogger } from '../exporter/src/logger';
import { startExporter } from '../exporter/src/service';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const external = Boolean(process.env.REDIS_ADDR) || argv.some((a) => /^--?redis\.addr/.test(a));
  let topology: SentinelTopology | undefined;
  const demoArgs: string[] = [];
  if (!external) {
    console.log('No REDIS_ADDR: starting a demo master, 2 replicas and 3 Sentinels on 127.0.0.1 …');
    topology = await startSentinelTopology({ replicas: 2, sentinels: 3 });
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
  console.log('Ctrl-C stops everything.');
  const stop = async () => {
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
