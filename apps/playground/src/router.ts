import { useEffect, useState } from 'react';

/** Hash routes (`#/bcrypt`): the server needs no routing rules and links work offline. */
export function useRoute(defaultPage: string): string {
  const read = (): string => decodeURIComponent(window.location.hash.replace(/^#\/?/, '')) || defaultPage;
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = (): void => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  });
  return route;
}
