import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import { ClusterNode, ClusterShard, RedisClusterView } from '../../data/cluster';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';
import { getTableStyles } from '../tableStyles';

const HEALTH_COLOR: Record<string, 'green' | 'orange' | 'red'> = { online: 'green', pfail: 'orange', fail: 'red' };

function NodeBadge({ node }: { node: ClusterNode }) {
  const link = node.linkState && node.linkState !== 'connected' ? ` · ${node.linkState}` : '';
  return (
    <span>
      <KeyText text={node.address} maxWidth={200} />{' '}
      <Badge color={HEALTH_COLOR[node.health] ?? 'orange'} text={`${node.health}${link}`} />
    </span>
  );
}

function slotsText(shard: ClusterShard): string {
  if (!shard.slots) {
    return 'no slots';
  }
  // Without a provable range, say where the shard starts and how much it holds (shard id = lowest slot).
  return shard.slotRange ? `${shard.slotRange} (${shard.slots})` : `${shard.slots} slots from ${shard.id}`;
}

function FailoverCell({ shard }: { shard: ClusterShard }) {
  const styles = useStyles2(getStyles);
  const [last] = shard.failovers;
  if (!last) {
    return <span className={styles.muted}>none</span>;
  }
  return (
    <span data-testid={testIds.cluster.failover}>
      {shard.failovers.length} · last {dateTimeFormat(last.time, { format: 'MM-DD HH:mm:ss' })}{' '}
      <KeyText text={last.fromAddress ?? '?'} maxWidth={160} /> →{' '}
      <KeyText text={last.toAddress ?? '?'} maxWidth={160} />
      {last.durationSeconds !== undefined && ` in ${last.durationSeconds.toFixed(2)} s`}
    </span>
  );
}

export interface ClusterViewProps {
  cluster: RedisClusterView;
}

/** One Redis Cluster: state and slot health, then each shard as master → replicas with slots and failovers. */
export function ClusterView({ cluster }: ClusterViewProps) {
  const table = useStyles2(getTableStyles);
  const styles = useStyles2(getStyles);
  const stateColor = cluster.state === 'ok' ? 'green' : cluster.state === 'fail' ? 'red' : 'orange';
  return (
    <section data-testid={testIds.cluster.view}>
      <div className={styles.header} data-testid={testIds.cluster.state}>
        <Badge color={stateColor} text={`cluster ${cluster.state}`} /> slots ok {cluster.slotsOk ?? '?'} · pfail{' '}
        {cluster.slotsPfail ?? '?'} · fail {cluster.slotsFail ?? '?'}
        <span className={styles.muted}>
          {' '}
          · {cluster.shards.filter((s) => s.slots).length} shards, {cluster.nodes} nodes, reported by{' '}
          <KeyText text={cluster.exporter} />
        </span>
      </div>
      <table className={table.table}>
        <thead>
          <tr>
            <th>Shard</th>
            <th>Slots</th>
            <th>Master</th>
            <th>Replicas</th>
            <th>Failovers in range</th>
          </tr>
        </thead>
        <tbody>
          {cluster.shards.map((shard) => (
            <tr key={shard.id} data-testid={testIds.cluster.shard}>
              <td>
                <KeyText text={shard.id} />
              </td>
              <td>{slotsText(shard)}</td>
              <td>{shard.master ? <NodeBadge node={shard.master} /> : <span className={styles.muted}>none</span>}</td>
              <td>
                {shard.replicas.length === 0 ? (
                  <span className={shard.slots ? styles.warn : styles.muted}>no replica</span>
                ) : (
                  <ul className={styles.replicas}>
                    {shard.replicas.map((replica) => (
                      <li key={replica.nodeId || replica.address}>
                        → <NodeBadge node={replica} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                <FailoverCell shard={shard} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ marginBottom: theme.spacing(1) }),
  replicas: css({ listStyle: 'none', margin: 0, padding: 0 }),
  muted: css({ color: theme.colors.text.secondary }),
  warn: css({ color: theme.colors.error.text }),
});
