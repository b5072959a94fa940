/**
 * Check runs, kept outside any component: a run goes on while the learner moves between pages,
 * and the stage panel and the score board show the same results. One run at a time, because
 * every check resets its stage and the timing checks need the server to themselves.
 */
import type { Check, CheckId, CheckReport } from '@authlab/checks';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { checkTarget } from '../../api/client.ts';
import type { StageEntry } from '../../api/types.ts';
import { expectationsOf, type Expectation } from '../../lib/profile.ts';
import { setChecksRunningOn } from '../../state/lab-activity.ts';
import { refreshStageLab } from '../../state/stage-lab.ts';

export type RunPhase = 'running' | 'done' | 'stopped' | 'error';

export interface StageRun {
  phase: RunPhase;
  reports: readonly CheckReport[];
  /** What each check should find, read when the run started: instructor mistakes stay on through a run. */
  expectations?: Readonly<Record<CheckId, Expectation>>;
  error?: string;
}

export interface RunState {
  runs: Readonly<Record<string, StageRun | undefined>>;
  /** The stage whose checks are running now. */
  active: string | undefined;
  /** Stages still waiting in this run, in order. */
  queued: readonly string[];
  stopping: boolean;
}

type ChecksModule = typeof import('@authlab/checks');

let state: RunState = { runs: {}, active: undefined, queued: [], stopping: false };
const listeners = new Set<() => void>();
let checksModule: Promise<ChecksModule> | undefined;

function update(change: Partial<RunState>): void {
  state = { ...state, ...change };
  if ('active' in change) setChecksRunningOn(state.active);
  for (const listener of listeners) listener();
}

function updateRun(stage: string, change: Partial<StageRun>): void {
  const previous = state.runs[stage] ?? { phase: 'running', reports: [] };
  update({ runs: { ...state.runs, [stage]: { ...previous, ...change } } });
}

/** The checks package, loaded on first use so it stays out of the first bundle. */
export function loadChecks(): Promise<ChecksModule> {
  checksModule ??= import('@authlab/checks');
  return checksModule;
}

/** Every check (id, title, hint), once loaded. */
export function useCheckList(): readonly Check[] | undefined {
  const [checks, setChecks] = useState<readonly Check[]>();
  useEffect(() => {
    let cancelled = false;
    void loadChecks().then((module) => !cancelled && setChecks(module.CHECKS));
    return () => {
      cancelled = true;
    };
  }, []);
  return checks;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRunState(): RunState {
  return useSyncExternalStore(subscribe, () => state);
}

/** Asks the current run to stop after the check in flight. */
export function stopRun(): void {
  if (state.active !== undefined) update({ stopping: true });
}

async function runStage(module: ChecksModule, stage: StageEntry): Promise<void> {
  update({ active: stage.id, queued: state.queued.filter((id) => id !== stage.id) });
  update({ runs: { ...state.runs, [stage.id]: { phase: 'running', reports: [] } } });
  // Read now, not from the page's stage list: an instructor may have switched a mistake on since.
  const lab = await refreshStageLab(stage.id);
  const expected = lab.expectedChecks ?? stage.expectedChecks;
  updateRun(stage.id, { expectations: expectationsOf(expected, lab.lab) });
  const target = await checkTarget(stage.id);
  const reports: CheckReport[] = [];
  for (const check of module.CHECKS) {
    if (state.stopping) break;
    await module.runChecks(target, {
      ids: [check.id],
      expected,
      onResult: (report) => {
        reports.push(report);
        updateRun(stage.id, { reports: [...reports] });
      },
    });
  }
  updateRun(stage.id, { phase: reports.length === module.CHECKS.length ? 'done' : 'stopped' });
  // Each check switched the mistakes off and on again; the banner may have read them in between.
  await refreshStageLab(stage.id).catch(() => undefined);
}

/** Runs every check on each stage in turn. Does nothing while another run is going. */
export async function runStages(stages: readonly StageEntry[]): Promise<void> {
  if (state.active !== undefined || stages.length === 0) return;
  update({ active: stages[0]?.id, queued: stages.map((stage) => stage.id), stopping: false });
  let current = stages[0]?.id;
  try {
    const module = await loadChecks();
    for (const stage of stages) {
      if (state.stopping) break;
      current = stage.id;
      await runStage(module, stage);
    }
  } catch (caught) {
    // Checks turn a misbehaving stage into a failed verdict; this is the lab itself failing (offline, say).
    if (current !== undefined) updateRun(current, { phase: 'error', error: caught instanceof Error ? caught.message : String(caught) });
  } finally {
    update({ active: undefined, queued: [], stopping: false });
  }
}
