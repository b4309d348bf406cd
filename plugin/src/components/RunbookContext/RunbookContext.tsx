import React, { ReactNode } from 'react';
import { Stack, Text } from '@grafana/ui';
import {
  loadExpression,
  loadFailovers,
  loadHotKeys,
  loadInstances,
  loadMemory,
  loadTopology,
  TimeWindow,
} from '../../api/loaders';
import { ContextKind, contextKinds, matchingSeries, RunbookEntry } from '../../data/runbooks';
import { failoverTraceLink } from '../../data/traceLink';
import { useAsync } from '../../hooks/useAsync';
import { usePrometheusUid } from '../../hooks/usePrometheus';
import { useSettings } from '../../settingsContext';
import { testIds } from '../../testIds';
import { FailoverTimeline } from '../FailoverTimeline/FailoverTimeline';
import { HotKeysTable } from '../HotKeysTable/HotKeysTable';
import { InstancesTable } from '../InstancesTable/InstancesTable';
import { MemoryRunbookContext } from '../MemoryRunbookContext/MemoryRunbookContext';
import { SeriesTrend } from '../SeriesTrend/SeriesTrend';
import { StateView } from '../StateView/StateView';
import { TopologySection } from '../TopologySection/TopologySection';

export interface RunbookContextProps {
  entry: RunbookEntry;
  /** The alert's labels from the page URL. */
  labels: Record<string, string>;
  window: TimeWindow;
}

interface SectionProps {
  uid: string;
  entry: RunbookEntry;
  labels: Record<string, string>;
  window: TimeWindow;
}

/** Live state of what the alert is about, beside the runbook's steps: one section per fitting context. */
export function RunbookContext({ entry, labels, window }: RunbookContextProps) {
  const { uid, missing } = usePrometheusUid();
  if (!uid) {
    return <StateView error={missing} emptyText="" />;
  }
  const props = { uid, entry, labels, window };
  return (
    <Stack direction="column" gap={2}>
      {contextKinds(entry.name, labels).map((kind) => (
        <Section key={kind} kind={kind}>
          {SECTIONS[kind](props)}
        </Section>
      ))}
    </Stack>
  );
}

const TITLES: Record<ContextKind, string> = {
  hotkeys: 'Hot keys',
  failover: 'Sentinel group and failovers',
  memory: 'Memory and evictions',
  patterns: 'Forecast, growing key patterns and eviction policy',
  instance: 'Instance',
  expression: 'Alert expression',
};

function Section({ kind, children }: { kind: ContextKind; children: ReactNode }) {
  return (
    <section data-testid={testIds.runbook.section} data-context={kind}>
      <Text element="h4">{TITLES[kind]}</Text>
      {children}
    </section>
  );
}

const SECTIONS: Record<ContextKind, (props: SectionProps) => ReactNode> = {
  hotkeys: (p) => <HotKeysContext {...p} />,
  failover: (p) => <FailoverContext {...p} />,
  memory: (p) => <MemoryContext {...p} />,
  patterns: (p) => <MemoryRunbookContext uid={p.uid} labels={p.labels} window={p.window} />,
  instance: (p) => <InstanceContext {...p} />,
  expression: (p) => <ExpressionContext {...p} />,
};

function HotKeysContext({ uid, labels, window }: SectionProps) {
  const settings = useSettings();
  const threshold = settings.hotKeyRateThreshold;
  const filter = { instance: labels.instance, pattern: labels.pattern };
  const state = useAsync(
    () => loadHotKeys(uid, window, threshold, filter),
    [uid, window, labels.instance, labels.pattern, threshold]
  );
  return (
    <StateView {...state} empty={!state.value?.length} emptyText="No hot keys reported for this alert's labels">
      <HotKeysTable rows={state.value ?? []} threshold={threshold} limit={10} />
    </StateView>
  );
}

function FailoverContext({ uid, labels, window }: SectionProps) {
  const settings = useSettings();
  const mine = <T extends { masterName: string }>(items: T[] | undefined) =>
    (items ?? []).filter((g) => !labels.master_name || g.masterName === labels.master_name);
  const topology = useAsync(() => loadTopology(uid, window).then(mine), [uid, window, labels.master_name]);
  const timeline = useAsync(() => loadFailovers(uid, window).then(mine), [uid, window, labels.master_name]);
  const tempoUid = settings.tempoUid;
  return (
    <Stack direction="column" gap={1}>
      <TopologySection state={topology} lagThresholdSeconds={settings.replicaLagThreshold} />
      <StateView {...timeline} empty={!timeline.value?.length} emptyText="No failover in this time range">
        <FailoverTimeline
          events={timeline.value ?? []}
          traceLink={tempoUid ? (event) => failoverTraceLink(tempoUid, event) : undefined}
        />
      </StateView>
    </Stack>
  );
}

function MemoryContext({ uid, labels, window }: SectionProps) {
  const state = useAsync(() => loadMemory(uid, window), [uid, window]);
  const pick = (series?: Parameters<typeof matchingSeries>[0]) => matchingSeries(series ?? [], labels, ['instance']);
  const used = pick(state.value?.used);
  const ratio = pick(state.value?.ratio);
  const evicted = pick(state.value?.evictedPerSecond);
  return (
    <StateView {...state} empty={!used.length} emptyText="No redis_memory_used_bytes for this instance">
      <div data-testid={testIds.runbook.memory}>
        <Text element="h6">Used memory</Text>
        <SeriesTrend series={used} unit="bytes" />
        <Text element="h6">Share of maxmemory</Text>
        {ratio.length ? (
          <SeriesTrend series={ratio} unit="percentunit" threshold={0.9} />
        ) : (
          <Text color="secondary">maxmemory is not set (0): Redis grows until the OS stops it.</Text>
        )}
        <Text element="h6">Evicted keys per second (5m rate)</Text>
        <SeriesTrend series={evicted} unit="short" />
      </div>
    </StateView>
  );
}

function InstanceContext({ uid, labels, window }: SectionProps) {
  const state = useAsync(() => loadInstances(uid, window), [uid, window]);
  const rows = (state.value ?? []).filter((r) => !labels.instance || r.instance === labels.instance);
  return (
    <StateView
      {...state}
      empty={!rows.length}
      emptyText={labels.instance ? `No redis_up series for ${labels.instance}` : 'No Redis instances (no redis_up)'}
    >
      <InstancesTable rows={rows} />
    </StateView>
  );
}

function ExpressionContext({ uid, entry, labels, window }: SectionProps) {
  const state = useAsync(() => loadExpression(uid, window, entry.query), [uid, window, entry.query]);
  const series = matchingSeries(state.value ?? [], labels, entry.labels);
  return (
    <Stack direction="column" gap={1}>
      <Text color="secondary">
        <code>{entry.query}</code> {entry.comparator} {entry.threshold}
      </Text>
      <StateView {...state} empty={!series.length} emptyText="The expression returns no series in this time range">
        <SeriesTrend series={series} threshold={entry.threshold} testId={testIds.runbook.expression} />
      </StateView>
    </Stack>
  );
}
