/**
 * Decides whether `/scrape?target=` may reach a target. An open multi-target endpoint lets anyone make the exporter
 * connect anywhere (SSRF), so targets must match an operator-configured prefix or glob.
 */
export function normalizeTarget(target: string): string | undefined {
  const t = target.trim();
  if (!t || t.length > 2048) return undefined;
  const withScheme = /^[a-z]+:\/\//i.test(t) ? t : `redis://${t}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (!['redis:', 'rediss:', 'unix:'].includes(url.protocol)) return undefined;
  // Credentials in the target would be used against the configured ones and could smuggle a host: refuse.
  if (url.username || url.password) return undefined;
  return withScheme;
}

const BOUNDARY = /^($|[:/?])/;

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/@?#]*');
  return new RegExp(`^${escaped}(?:$|[:/?])`);
}

/**
 * True when `target` matches one allowlist entry. A plain entry is a prefix that must end at a boundary, so
 * `redis://10.0.0.1` allows `redis://10.0.0.1:6379` but not `redis://10.0.0.12` or `redis://10.0.0.1.evil.com`.
 * `*` matches within one host or port part.
 */
export function isTargetAllowed(target: string, allowlist: readonly string[]): boolean {
  const normalized = normalizeTarget(target);
  if (!normalized) return false;
  return allowlist.some((entry) => {
    if (entry.includes('*')) return globToRegExp(entry).test(normalized);
    if (!normalized.startsWith(entry)) return false;
    if (/[:/]$/.test(entry)) return true;
    return BOUNDARY.test(normalized.slice(entry.length));
  });
}
