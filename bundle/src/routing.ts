import type { Severity } from './alerts';

/**
 * Routing as data: one tree, rendered as Grafana's notification policy and as an Alertmanager route. Grafana's
 * routing has Alertmanager's semantics, so `amtool config routes test` on the rendered Alertmanager config checks
 * the Grafana tree as well.
 */
export type ReceiverKind = 'pagerduty' | 'slack';

export interface RouteTimings {
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

export interface SeverityRoute {
  severity: Severity;
  receiver: ReceiverKind;
  timings: RouteTimings;
  /** Mute timings (by name) during which this route sends nothing. */
  muteTimings: string[];
}

export interface MuteTiming {
  name: string;
  weekdays: string[];
  /** `HH:MM` in `location`. */
  startTime: string;
  endTime: string;
  location: string;
}

export interface RoutingTree {
  /** Receiver for anything no child route matches (an alert without a known severity still reaches a human). */
  defaultReceiver: ReceiverKind;
  /**
   * One notification per alert per failing thing: `alertname` keeps unrelated problems apart, `instance` keeps
   * one page per Redis (so a restored node resolves on its own), and `master_name` keeps Sentinel-level alerts
   * (aggregated by master_name, so they carry no instance) to one page per monitored master however many
   * Sentinels report it. PagerDuty de-duplicates on the group key, so a repeat updates the same incident.
   */
  groupBy: string[];
  defaultTimings: RouteTimings;
  routes: SeverityRoute[];
  muteTimings: MuteTiming[];
}

export const RECEIVER_NAMES: Record<ReceiverKind, string> = {
  pagerduty: 'redis-lens-pagerduty',
  slack: 'redis-lens-slack',
};

export const MAINTENANCE_MUTE_TIMING = 'redis-lens-maintenance';

/** Production timings. Tests shorten them through `withTimings`; the shipped files keep these. */
export const ROUTING: RoutingTree = {
  defaultReceiver: 'slack',
  groupBy: ['alertname', 'master_name', 'instance'],
  defaultTimings: { groupWait: '30s', groupInterval: '5m', repeatInterval: '12h' },
  routes: [
    {
      severity: 'critical',
      receiver: 'pagerduty',
      // A short group_wait keeps fault → page within the 20 s goal (bench/alerting.bench.ts measures it).
      timings: { groupWait: '5s', groupInterval: '5m', repeatInterval: '4h' },
      // Pages are never muted: a real outage inside a maintenance window must still reach someone.
      muteTimings: [],
    },
    {
      severity: 'warning',
      receiver: 'slack',
      timings: { groupWait: '30s', groupInterval: '5m', repeatInterval: '12h' },
      // Planned work restarts nodes and fails over on purpose; the warnings it causes are noise.
      muteTimings: [MAINTENANCE_MUTE_TIMING],
    },
  ],
  muteTimings: [
    {
      name: MAINTENANCE_MUTE_TIMING,
      weekdays: ['sunday'],
      startTime: '02:00',
      endTime: '04:00',
      location: 'UTC',
    },
  ],
};

/** The same tree with every route's timings replaced (tests use seconds instead of minutes). */
export function withTimings(tree: RoutingTree, timings: RouteTimings): RoutingTree {
  return {
    ...tree,
    defaultTimings: timings,
    routes: tree.routes.map((route) => ({ ...route, timings })),
  };
}

/** Timing fields as both Grafana's policy and Alertmanager's route spell them. */
export function timingFields(timings: RouteTimings) {
  return {
    group_wait: timings.groupWait,
    group_interval: timings.groupInterval,
    repeat_interval: timings.repeatInterval,
  };
}

/** A mute timing's intervals as both Grafana's `muteTimes` and Alertmanager's `time_intervals` spell them. */
export function timeIntervals(mute: MuteTiming) {
  return [
    {
      weekdays: mute.weekdays,
      times: [{ start_time: mute.startTime, end_time: mute.endTime }],
      location: mute.location,
    },
  ];
}
