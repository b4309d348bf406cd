import type { Logger } from 'pino';
import type { Sample } from './catalog';

/** Why a server refused what a feature needs, as a short stable label value (the log line has the full text). */
export function refusalReason(error: unknown): string {
  const text = String((error as { message?: unknown } | null)?.message ?? error);
  if (/^NOPERM|no permissions/i.test(text)) return 'no_permission';
  if (/unknown command|unknown subcommand/i.test(text)) return 'unknown_command';
  if (/disabled|not enabled|only .* in cluster mode|This instance has cluster support disabled/i.test(text)) {
    return 'disabled';
  }
  return 'error';
}

/**
 * Per-scraper record of which collection features the server allows (CONFIG, SLOWLOG, LATENCY, COMMANDLOG, CLUSTER
 * INFO…). A managed service that renames or refuses a command loses only that feature: the scrape goes on, one
 * log line says so when the feature becomes unavailable (and one when it comes back), and
 * `redis_exporter_feature_available{feature,reason}` shows it on every scrape.
 */
export class FeatureAvailability {
  private readonly state = new Map<string, string>();

  constructor(
    private readonly logger: Logger,
    private readonly target: string,
  ) {}

  /** `error` undefined: the feature worked on this scrape. */
  record(feature: string, error: unknown): void {
    const reason = error === undefined || error === null ? '' : refusalReason(error);
    const before = this.state.get(feature);
    this.state.set(feature, reason);
    if (reason === before) return;
    if (reason) {
      const message = String((error as { message?: unknown }).message ?? error)
        .split('\n')[0]
        .slice(0, 200);
      this.logger.warn(
        { target: this.target, feature, reason, error: message },
        `${feature} metrics unavailable on this server (${reason}); the scrape continues without them`,
      );
    } else if (before) {
      this.logger.info({ target: this.target, feature }, `${feature} metrics available again`);
    }
  }

  samples(): Sample[] {
    return [...this.state].map(([feature, reason]) => ({
      name: 'exporter_feature_available',
      labels: { feature, reason },
      value: reason ? 0 : 1,
    }));
  }
}
