import type { RedactionPolicy } from '@redis-lens/instrument/redaction';
import type { FamilySource } from './producer';

/** `redis_exporter_key_redactions_total{rule}`: keys rendered into labels by this exporter, per redaction rule. */
export function redactionSource(policy: RedactionPolicy): FamilySource {
  return () => [
    {
      name: 'redis_exporter_key_redactions_total',
      help: 'Keys rendered into labels, by the redaction rule that decided how (declared, learned, raw_prefix, raw_all, default_id)',
      kind: 'counter',
      series: Object.entries(policy.engine.renderCounts()).map(([rule, value]) => ({ labels: { rule }, value })),
    },
  ];
}

/**
 * The body of `GET /debug/redaction[?pattern=…]`: the engine's rule, settings, counts and learned names, plus raw
 * prefixes and whether raw keys are allowed. With `pattern` (a pattern as shown in a label, e.g. `user:{id}:cart`),
 * why each segment looks as it does. Never a key: the engine only holds names shared by k keys.
 */
export function redactionDebugJson(policy: RedactionPolicy, pattern?: string): string {
  const body: Record<string, unknown> = {
    ...policy.engine.describe(),
    rawPrefixes: policy.rawPrefixes,
    allowRawKeys: policy.allowRawKeys,
  };
  if (pattern !== undefined) body.explain = { pattern, ...policy.engine.explain(pattern.slice(0, 1024)) };
  return JSON.stringify(body, null, 2) + '\n';
}
