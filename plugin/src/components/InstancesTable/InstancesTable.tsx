import React from 'react';
import { Badge, useStyles2 } from '@grafana/ui';
import { InstanceRow } from '../../data/instances';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';
import { getTableStyles } from '../tableStyles';

export function InstancesTable({ rows }: { rows: InstanceRow[] }) {
  const styles = useStyles2(getTableStyles);
  return (
    <table className={styles.table} data-testid={testIds.instances.table}>
      <thead>
        <tr>
          <th>Instance</th>
          <th>State</th>
          <th>Role</th>
          <th>Version</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.instance} data-testid={testIds.instances.row}>
            <td>
              <KeyText text={row.instance} />
            </td>
            <td>{row.up ? <Badge color="green" text="up" /> : <Badge color="red" text="down" />}</td>
            <td>{row.role ? <KeyText text={row.role} /> : <span className={styles.muted}>unknown</span>}</td>
            <td>
              <KeyText text={row.version} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
