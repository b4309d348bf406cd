import { ConfigError, loadConfig, USAGE, wantsHelp } from './config';
import { createLogger } from './logger';
import { startExporter } from './service';

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
  const logger = createLogger(config.logLevel);
  let exporter;
  try {
    exporter = await startExporter(config, { env, logger });
  } catch (error) {
    logger.error({ reason: error instanceof Error ? error.message : String(error) }, 'exporter failed to start');
    return 1;
  }
  const running = exporter;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
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
