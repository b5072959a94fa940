import { useSyncExternalStore } from 'react';

/** Told when `replaceRoute` rewrites the address: `history.replaceState` fires no event of its own. */
const replaced = new Set<() => void>();

/** Hash routes (`#/bcrypt`): the server needs no routing rules and links work offline. */
export function useRoute(defaultPage: string): string {
  const hash = useSyncExternalStore(subscribeToHash, readHash);
  return routeOf(hash) || defaultPage;
}

/** The route of a hash: `#/join/AB12` → `join/AB12`. */
export function routeOf(hash: string): string {
  try {
    return decodeURIComponent(hash.replace(/^#\/?/, ''));
  } catch {
    // A malformed escape (`#/%E0`) is no route of ours.
    return '';
  }
}

/**
 * Puts `route` in the address bar in place of the current entry, leaving no history entry
 * behind: for links that carry a secret, which must not stay in the address bar or history.
 */
export function replaceRoute(route: string): void {
  window.history.replaceState(window.history.state, '', `#/${route}`);
  for (const listener of replaced) listener();
}

/** Module-level, so React subscribes once per component rather than on every render. */
function subscribeToHash(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  replaced.add(listener);
  return () => {
    window.removeEventListener('hashchange', listener);
    replaced.delete(listener);
  };
}

function readHash(): string {
  return window.location.hash;
}
