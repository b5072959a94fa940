import { useEffect, useState } from 'react';

/** `Date.now()`, refreshed every `intervalMs` while `active`: for live countdowns. */
export function useNow(options: { intervalMs: number; active: boolean }): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!options.active) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the clock is external: catch up with it on activation
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), options.intervalMs);
    return () => window.clearInterval(timer);
  }, [options.intervalMs, options.active]);
  return now;
}
