import { ConfigError, loadConfig, USAGE, wantsHelp } from './config';
import { createLogger } from './logger';
import { startExporter, type RunningExporter } from './service';

/** Runs the exporter until SIGTERM/SIGINT. Exit codes: 0 clean stop, 1 start failure, 2 invalid configuration. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  if (wantsHelp(argv)) {
    console.log(USAGE);
    return 0;
  }
  let config;
  try {
    config = loadConfig(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`redis-lens-exporter: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  // Handlers go in before start-up: the endpoint serves while the first collection runs, so a SIGTERM can come
  // before startExporter returns, and must still stop cleanly.
  let running: RunningExporter | undefined;
  let stopSignal: string | undefined;
  const shutdown = () => {
    logger.info({ signal: stopSignal }, 'shutting down');
    running!.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  const onSignal = (signal: string) => {
    if (stopSignal) return;
    stopSignal = signal;
    if (running) shutdown();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  // SIGHUP re-reads --scrape.credentials-file (as redis_exporter and Prometheus reload); the fleet logs the outcome.
  process.on('SIGHUP', () => running?.reload());
  try {
    running = await startExporter(config, { env, logger });
  } catch (error) {
    logger.error({ reason: error instanceof Error ? error.message : String(error) }, 'exporter failed to start');
    return 1;
  }
  if (stopSignal) shutdown();
  return undefined;
}

/** Entry point for the bin shim and `node dist/cli.js`. */
export function runCli(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== undefined) process.exit(code);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

if (require.main === module) runCli();
