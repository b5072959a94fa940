import { createStore, useStore } from '../lib/store.ts';

/**
 * What runs right now. Attacks and practice checks both reset the stages they touch, so the
 * checks wait while an attack runs (and attacks wait for checks). Kept apart from the attack
 * and run stores so the checks never load the attacks package for it.
 */
const activity = createStore<{ attackRunning: boolean; checksRunningOn: readonly string[] }>({
  attackRunning: false,
  /** The stages whose practice checks are running, for views outside the checks' own chunk. */
  checksRunningOn: [],
});

export function setAttackRunning(attackRunning: boolean): void {
  activity.set((previous) => ({ ...previous, attackRunning }));
}

export function useAttackRunning(): boolean {
  return useStore(activity, (now) => now.attackRunning);
}

export function setChecksRunningOn(checksRunningOn: readonly string[]): void {
  activity.set((previous) => ({ ...previous, checksRunningOn }));
}

/**
 * Whether a run is resetting this stage right now. Each reset switches instructor mistakes off
 * for a moment before the run switches them back on: a read in between would see none.
 */
export function useStageResetting(stage: string): boolean {
  return useStore(activity, (now) => now.attackRunning || now.checksRunningOn.includes(stage));
}
