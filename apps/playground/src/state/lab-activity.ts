import { useSyncExternalStore } from 'react';

/**
 * Whether an attack is running right now. Attacks and practice checks both reset the stages
 * they touch, so the checks wait while an attack runs (and attacks wait for checks).
 * Kept apart from the attack store so the checks never load the attacks package for it.
 */
let attackRunning = false;
/** The stages whose practice checks are running, for views outside the checks' own chunk. */
let checksRunningOn: readonly string[] = [];
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setAttackRunning(running: boolean): void {
  attackRunning = running;
  notify();
}

export function useAttackRunning(): boolean {
  return useSyncExternalStore(subscribe, () => attackRunning);
}

export function setChecksRunningOn(stages: readonly string[]): void {
  checksRunningOn = stages;
  notify();
}

/**
 * Whether a run is resetting this stage right now. Each reset switches instructor mistakes off
 * for a moment before the run switches them back on: a read in between would see none.
 */
export function useStageResetting(stage: string): boolean {
  return useSyncExternalStore(subscribe, () => attackRunning || checksRunningOn.includes(stage));
}
