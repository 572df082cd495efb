/** Loads something from the API for a view: its value, the error to show, and a way to load it again. */
import { useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  readonly value?: T;
  readonly error?: Error;
  readonly loading: boolean;
  readonly reload: () => void;
}

export function useApi<T>(load: () => Promise<T>, dependencies: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ value?: T; error?: Error; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (value) => current && setState({ value, loading: false }),
      (error: unknown) => current && setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...dependencies, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}
