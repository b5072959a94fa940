/**
 * Each stage's lab state as last read from the server: the attack outcomes and check verdicts it
 * expects and the instructor mistakes switched on. Shared, so the warning banner on the stage page and the
 * attack lab's toggles always agree. Kept free of the attacks package: the banner is in the
 * first bundle.
 */
import { useEffect } from 'react';
import { fetchStageLab, type StageLab } from '../api/client.ts';
import { createStore, useStore } from '../lib/store.ts';

export type { StageLab };

const labs = createStore<Readonly<Record<string, StageLab | undefined>>>({});
const inFlight = new Map<string, Promise<StageLab>>();

/** Stores a stage's lab state read elsewhere (an attack's own `describe()`). */
export function rememberStageLab(stage: string, lab: StageLab): void {
  const { expectedAttacks, expectedChecks } = lab;
  labs.set((previous) => ({ ...previous, [stage]: { ...(expectedAttacks ? { expectedAttacks } : {}), ...(expectedChecks ? { expectedChecks } : {}), lab: lab.lab } }));
}

/** Re-reads the stage entry, e.g. after a toggle; concurrent callers share one request. */
export function refreshStageLab(stage: string): Promise<StageLab> {
  const pending =
    inFlight.get(stage) ??
    fetchStageLab(stage)
      .then((lab) => {
        rememberStageLab(stage, lab);
        return lab;
      })
      .finally(() => inFlight.delete(stage));
  inFlight.set(stage, pending);
  return pending;
}

/** Reads a stage's lab state unless it is known already. */
function readOnce(stage: string): void {
  // A failed read leaves the banner hidden; the lesson page already reports an unreachable server.
  if (labs.get()[stage] === undefined) refreshStageLab(stage).catch(() => undefined);
}

/** The stage's lab state, read once on first use; undefined until it arrives. */
export function useStageLab(stage: string): StageLab | undefined {
  const lab = useStore(labs, (all) => all[stage]);
  useEffect(() => readOnce(stage), [stage]);
  return lab;
}

/** The mistakes switched on for a stage, by their titles where the stage names them. */
export function activeMistakeTitles(lab: StageLab | undefined): string[] {
  if (lab === undefined) return [];
  return lab.lab.mistakes.map((id) => lab.lab.availableMistakes.find((mistake) => mistake.id === id)?.title ?? id);
}

/** Several stages' lab states at once (the attack matrix's expectations), each read once. */
export function useStageLabs(stages: readonly string[]): Readonly<Record<string, StageLab | undefined>> {
  const all = useStore(labs);
  const key = stages.join(',');
  useEffect(() => {
    for (const stage of key.split(',')) if (stage !== '') readOnce(stage);
  }, [key]);
  return all;
}
