import { useSyncExternalStore } from 'react';

/**
 * Whether an attack is running right now. Attacks and practice checks both reset the stages
 * they touch, so the checks wait while an attack runs (and attacks wait for checks).
 * Kept apart from the attack store so the checks never load the attacks package for it.
 */
let attackRunning = false;
const listeners = new Set<() => void>();

export function setAttackRunning(running: boolean): void {
  attackRunning = running;
  for (const listener of listeners) listener();
}

export function useAttackRunning(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => attackRunning,
  );
}
