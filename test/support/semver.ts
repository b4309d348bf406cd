/**
 * The part of npm's semver range syntax plugin.json's `grafanaDependency` uses: comparators (`>=`, `>`, `<=`, `<`,
 * `=`, none) joined by spaces (and) and `||` (or), on `major.minor.patch` versions. Anything else throws, so an
 * unfamiliar range fails the test instead of passing it. Pre-release tags (`-beta1`) compare below the release.
 */
type Version = [number, number, number, string];

function parseVersion(text: string): Version {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([\w.]+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a semver version: '${text}'`);
  return [Number(match[1]), Number(match[2]), Number(match[3]), match[4] ?? ''];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  if (a[3] === b[3]) return 0;
  if (!a[3]) return 1; // a release is above its pre-releases
  if (!b[3]) return -1;
  return a[3] < b[3] ? -1 : 1;
}

const OPERATORS: Record<string, (c: number) => boolean> = {
  '>=': (c) => c >= 0,
  '>': (c) => c > 0,
  '<=': (c) => c <= 0,
  '<': (c) => c < 0,
  '=': (c) => c === 0,
  '': (c) => c === 0,
};

export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const match = /^(>=|>|<=|<|=)?(.+)$/.exec(comparator);
        if (!match) throw new Error(`unsupported range '${range}'`);
        return OPERATORS[match[1] ?? ''](compare(v, parseVersion(match[2])));
      }),
  );
}
