import React from 'react';
import { Badge, useStyles2 } from '@grafana/ui';
import { ShardBalance, withBand } from '../../data/memory';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';
import { formatBytes } from '../MemoryPatternsTable/MemoryPatternsTable';
import { getTableStyles } from '../tableStyles';

export interface ShardBalanceTableProps {
  shards: ShardBalance[];
  /** A shard above this many times its cluster's median is marked (RedisClusterShardMemoryImbalance's ratio). */
  imbalanceRatio?: number;
}

/** Sampled memory per cluster shard (lowest slot), against the cluster's median shard. */
export function ShardBalanceTable({ shards, imbalanceRatio = 2 }: ShardBalanceTableProps) {
  const styles = useStyles2(getTableStyles);
  return (
    <table className={styles.table} data-testid={testIds.memory.shards}>
      <thead>
        <tr>
          <th>Cluster exporter</th>
          <th>Shard</th>
          <th>Memory (95 % band)</th>
          <th className={styles.numeric}>× median</th>
        </tr>
      </thead>
      <tbody>
        {shards.map((s) => {
          const heavy = s.ratioToMedian !== undefined && s.ratioToMedian > imbalanceRatio;
          return (
            <tr key={`${s.instance}\u0000${s.shard}`} data-testid={testIds.memory.shardRow}>
              <td>
                <KeyText text={s.instance} maxWidth={200} />
              </td>
              <td>{s.shard}</td>
              <td>{withBand(s.bytes, s.bytesError, formatBytes)}</td>
              <td className={styles.numeric}>
                {s.ratioToMedian === undefined ? '–' : s.ratioToMedian.toFixed(2)}{' '}
                {heavy && <Badge color="orange" text="imbalanced" />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
