/**
 * The allowance measured on each stage from its Attack lab tab (see `measureAllowance`), kept
 * outside any component like the attack runs: a measurement goes on while the presenter
 * switches tabs, and its figures stay until the next one.
 */
import { measureAllowance, type AllowanceMeasurement, type AllowanceProgress } from '@authlab/attacks';
import { attackTarget } from '../../api/client.ts';
import { createStore, useStore } from '../../lib/store.ts';
import { withAttackSlot } from '../../state/classroom.ts';
import { runAsLabRun, type RunPhase } from './attack-store.ts';

export interface AllowanceRun {
  phase: RunPhase;
  /** The latest answer while it runs. */
  progress?: AllowanceProgress;
  measurement?: AllowanceMeasurement;
  error?: string;
}

const runs = createStore<Readonly<Record<string, AllowanceRun | undefined>>>({});

function setRun(stage: string, run: AllowanceRun): void {
  runs.set((previous) => ({ ...previous, [stage]: run }));
}

export function useAllowanceRun(stage: string): AllowanceRun | undefined {
  return useStore(runs, (all) => all[stage]);
}

/** Measures the stage's allowance as the lab's one run. Does nothing while another run is going. */
export function measureAllowanceOn(stage: string): Promise<void> {
  return runAsLabRun(async (signal) => {
    setRun(stage, { phase: 'running' });
    try {
      // In a classroom it takes the workspace's attack slot: its probes are wrong guesses sent one by one, a brute force.
      await withAttackSlot({ attack: 'brute-force', stage }, async () => {
        const target = await attackTarget(stage);
        const measurement = await measureAllowance(target, { signal, onProgress: (progress) => setRun(stage, { phase: 'running', progress }) });
        setRun(stage, { phase: 'done', measurement });
      });
    } catch (caught) {
      setRun(stage, signal.aborted ? { phase: 'stopped' } : { phase: 'error', error: caught instanceof Error ? caught.message : String(caught) });
    }
  });
}
