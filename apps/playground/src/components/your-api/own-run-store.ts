/**
 * The run of the practice checks against a learner's own API, kept outside the page so that it
 * goes on while the learner reads a lesson. One run at a time. It touches none of the lab's
 * stages, so it may overlap a stage's checks or an attack.
 */
import type { CheckReport } from '@authlab/checks';
import type { ApiDescription } from '@authlab/contract';
import { checkOwnApiAnswers, ownApiTarget } from '../../api/own-api.ts';
import { createStore, useStore } from '../../lib/store.ts';
import { loadChecks } from '../checks/run-store.ts';

export interface OwnRun {
  phase: 'running' | 'done' | 'stopped' | 'error';
  url: string;
  /** Each check's report as it finishes. */
  reports: readonly CheckReport[];
  stopping: boolean;
  /** Seconds spent waiting out the API's 429s, once the run is over. */
  waitedSeconds?: number;
  error?: string;
}

const store = createStore<OwnRun | null>(null);
let controller: AbortController | undefined;

function update(change: Partial<OwnRun>): void {
  store.set((previous) => (previous === null ? previous : { ...previous, ...change }));
}

export function useOwnRun(): OwnRun | null {
  return useStore(store);
}

/** Runs every check against the API at `url`; does nothing while a run is going. */
export async function runOwnChecks(url: string, description: ApiDescription): Promise<void> {
  if (controller !== undefined) return;
  const run = new AbortController();
  controller = run;
  store.set({ phase: 'running', url, reports: [], stopping: false });
  const reports: CheckReport[] = [];
  try {
    const [module, target] = await Promise.all([loadChecks(), ownApiTarget(url, description), checkOwnApiAnswers(url, run.signal)]);
    await module.runChecks(target, {
      signal: run.signal,
      onResult: (report) => {
        reports.push(report);
        update({ reports: [...reports] });
      },
      onWaited: (seconds) => update({ waitedSeconds: seconds }),
    });
    update({ phase: reports.length === module.CHECKS.length ? 'done' : 'stopped' });
  } catch (caught) {
    // The checks turn a misbehaving API into failed verdicts; this is the lab itself failing.
    update({ phase: run.signal.aborted ? 'stopped' : 'error', error: caught instanceof Error ? caught.message : String(caught) });
  } finally {
    controller = undefined;
    update({ stopping: false });
  }
}

/** Stops the run: the check in flight is dropped, the verdicts so far stay. */
export function stopOwnRun(): void {
  if (controller === undefined) return;
  update({ stopping: true });
  controller.abort();
}
