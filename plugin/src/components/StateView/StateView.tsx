import React, { ReactNode } from 'react';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { testIds } from '../../testIds';

export interface StateViewProps {
  loading?: boolean;
  error?: string;
  /** True when loaded and there is nothing to show. */
  empty?: boolean;
  emptyText: string;
  /** Shown under the empty text: which metric is missing and who emits it. */
  emptyHint?: ReactNode;
  title?: string;
  children?: ReactNode;
}

/** Loading, error and empty states worded for the operator; the content otherwise. */
export function StateView({ loading, error, empty, emptyText, emptyHint, title, children }: StateViewProps) {
  if (error) {
    return (
      <div data-testid={testIds.state.error}>
        <Alert severity="error" title={title ?? 'Could not load data'}>
          {error}
        </Alert>
      </div>
    );
  }
  if (loading && empty) {
    return (
      <div data-testid={testIds.state.loading}>
        <LoadingPlaceholder text="Loading…" />
      </div>
    );
  }
  if (empty) {
    return (
      <div data-testid={testIds.state.empty}>
        <Alert severity="info" title={emptyText}>
          {emptyHint}
        </Alert>
      </div>
    );
  }
  return <>{children}</>;
}
