import type { Sample } from './catalog';

/** CONFIG GET parameters the exporter asks for, one per call so Redis < 7 (single-pattern CONFIG GET) works too. */
export const CONFIG_PARAMETERS = ['maxmemory', 'maxclients', 'io-threads', 'databases'] as const;

/** Flat CONFIG GET replies ([name, value] each) → config_* gauges and the database count. */
export function configSamples(replies: unknown[]): { samples: Sample[]; dbCount?: number } {
  const samples: Sample[] = [];
  let dbCount: number | undefined;
  for (const reply of replies) {
    if (!Array.isArray(reply)) continue;
    for (let i = 0; i + 1 < reply.length; i += 2) {
      const name = String(reply[i]);
      const value = Number(reply[i + 1]);
      if (!Number.isFinite(value)) continue;
      if (name === 'databases') dbCount = value;
      else if ((CONFIG_PARAMETERS as readonly string[]).includes(name)) {
        samples.push({ name: `config_${name.replace(/-/g, '_')}`, value });
      }
    }
  }
  return { samples, dbCount };
}
