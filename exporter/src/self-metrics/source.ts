import type { FamilySource } from '../producer';
import { startEventLoopMonitor } from './event-loop';
import { ScrapesInFlight, scrapeActivityFamilies, type TargetScrapeState } from './scrape-activity';

export interface RuntimeSelfMetrics {
  /** Added to the collected families: read at each collection. */
  source: FamilySource;
  inFlight: ScrapesInFlight;
  stop(): void;
}

/** The self-metrics a fleet operator sizes an exporter by: event-loop delay, scrapes in flight, per-target duration. */
export function createRuntimeSelfMetrics(targets: () => TargetScrapeState[]): RuntimeSelfMetrics {
  const loop = startEventLoopMonitor();
  const inFlight = new ScrapesInFlight();
  return {
    source: () => [...loop.families(), ...scrapeActivityFamilies(inFlight.value, targets())],
    inFlight,
    stop: () => loop.stop(),
  };
}
