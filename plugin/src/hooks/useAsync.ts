import { DependencyList, useEffect, useState } from 'react';

export interface AsyncState<T> {
  loading: boolean;
  error?: string;
  value?: T;
}

/** Runs `load` whenever `deps` change; a newer run wins over a slower older one. Keeps the last value while reloading. */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ loading: true });
  useEffect(() => {
    let current = true;
    // Marked loading from a callback, not the effect body, so the effect does not render twice synchronously.
    Promise.resolve()
      .then(() => current && setState((s) => ({ ...s, loading: true })))
      .then(load)
      .then(
        (value) => current && setState({ loading: false, value }),
        (error: unknown) => current && setState({ loading: false, error: errorMessage(error) })
      );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

/** Grafana's backendSrv rejects with {status, data: {message}}; fetch with Error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (error && typeof error === 'object') {
    const e = error as { status?: number; statusText?: string; data?: { message?: string; error?: string } };
    const detail = e.data?.message ?? e.data?.error ?? e.statusText;
    return [e.status ? `HTTP ${e.status}` : '', detail ?? ''].filter(Boolean).join(': ') || 'request failed';
  }
  return String(error);
}
