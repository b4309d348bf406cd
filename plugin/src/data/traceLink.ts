import { FailoverEvent } from './failovers';

/**
 * Explore link searching Tempo for the exporter's failover trace (root span `sentinel.failover <master_name>`,
 * docs/metrics.md) around the event: from the fault (time − duration − slack) to shortly after.
 */
export function failoverTraceLink(tempoUid: string, event: FailoverEvent, slackMs = 60_000): string {
  const start = event.time - (event.durationSeconds ?? 0) * 1000 - slackMs;
  const end = event.time + slackMs;
  const spanName = `sentinel.failover ${event.masterName}`.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const pane = {
    datasource: tempoUid,
    queries: [
      {
        refId: 'A',
        datasource: { type: 'tempo', uid: tempoUid },
        queryType: 'traceql',
        query: `{ name = "${spanName}" }`,
      },
    ],
    range: { from: String(Math.floor(start)), to: String(Math.ceil(end)) },
  };
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify({ failover: pane }))}&orgId=1`;
}
