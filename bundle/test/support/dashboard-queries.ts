import { dashboardFiles } from '../../src/dashboards';

interface Panel {
  title?: string;
  panels?: Panel[];
  targets?: Array<{ expr?: string }>;
}

export interface DashboardQuery {
  /** `dashboards/<file> "<panel title>"` */
  where: string;
  panel: string;
  expr: string;
}

const walk = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...walk(p.panels ?? [])]);

/** Every PromQL query of the generated dashboards (nested rows included), with where it stands. */
export function dashboardQueries(): DashboardQuery[] {
  return Object.entries(dashboardFiles()).flatMap(([path, text]) =>
    walk(JSON.parse(text).panels).flatMap((p) =>
      (p.targets ?? [])
        .filter((t) => t.expr)
        .map((t) => ({ where: `${path} "${p.title}"`, panel: p.title ?? '', expr: t.expr as string })),
    ),
  );
}

/** Grafana's variables as a user with "All" selected sees them. */
export const substituteVariables = (expr: string): string =>
  expr
    .replace(/\$__rate_interval\b/g, '1m')
    .replace(/\$__range\b/g, '5m')
    .replace(/\$\{?\w+\}?/g, '.*');

/**
 * Which of `emptyHere`'s series (name fragment → why this test produces none) a query reads, if any. A listed query
 * that starts returning data fails the test, so the list cannot hide a panel that works.
 */
export const expectedEmpty = (emptyHere: Record<string, string>, expr: string): string | undefined =>
  Object.keys(emptyHere).find((name) => expr.includes(name));
