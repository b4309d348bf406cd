import type { Meter, ObservableCallback } from '@opentelemetry/api';
import type { RedactionPolicy } from './redaction';

/**
 * `redislens.key.redactions{rule}` (Prometheus `redislens_key_redactions_total`): keys rendered into labels so far,
 * by the rule that decided each (`declared`, `learned`, `raw_prefix`, `raw_all`, `default_id`). Returns the
 * unregistration.
 */
export function registerRedactionMetrics(meter: Meter, policy: RedactionPolicy): () => void {
  const counter = meter.createObservableCounter('redislens.key.redactions', {
    description: 'Keys rendered into labels, by the redaction rule that decided how',
  });
  const callback: ObservableCallback = (result) => {
    for (const [rule, count] of Object.entries(policy.engine.renderCounts())) result.observe(count, { rule });
  };
  counter.addCallback(callback);
  return () => counter.removeCallback(callback);
}
