/**
 * Client-side routes on the History API: a path names a view (`/agents/agt_1`), so links can be
 * shared and the back button works. Both the local runtime and CloudFront answer unknown paths
 * without a file extension with index.html.
 */
import { useEffect, useState } from 'react';

const listeners = new Set<() => void>();

/** Goes to `path` (with its query) without reloading. */
export function navigate(path: string) {
  history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((tick) => tick + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}
