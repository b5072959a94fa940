import { useSyncExternalStore } from 'react';

/** Hash routes (`#/bcrypt`): the server needs no routing rules and links work offline. */
export function useRoute(defaultPage: string): string {
  const hash = useSyncExternalStore(subscribeToHash, readHash);
  return decodeURIComponent(hash.replace(/^#\/?/, '')) || defaultPage;
}

/** Module-level, so React subscribes once per component rather than on every render. */
function subscribeToHash(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

function readHash(): string {
  return window.location.hash;
}
