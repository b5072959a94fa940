/**
 * Check runs, kept outside any component: a run goes on while the learner moves between pages,
 * and the stage panel and the score board show the same results. One run at a time, and none
 * while an attack runs (both reset stages). Within a run the score board takes two stages side
 * by side: stages keep separate users, counters and clocks, and the timing check pairs its
 * samples so that the other lane's load hits both sides alike.
 */
import type { Check, CheckReport } from '@authlab/checks';
import { STAGE_IDS, STAGE_LANES, inLanes, longestFirst, type CheckId, type StageDescription } from '@authlab/contract';
import { useEffect, useState } from 'react';
import { checkTarget } from '../../api/client.ts';
import { verdictsOf } from '../../lib/class-progress.ts';
import { expectationsOf, type Expectation } from '../../lib/profile.ts';
import { createStore, useStore } from '../../lib/store.ts';
import { reportProgress } from '../../state/classroom.ts';
import { setChecksRunningOn } from '../../state/lab-activity.ts';
import { refreshStageLab } from '../../state/stage-lab.ts';

export type RunPhase = 'running' | 'done' | 'stopped' | 'error';

export interface StageRun {
  phase: RunPhase;
  reports: readonly CheckReport[];
  /** What each check should find, read when the run started: instructor mistakes stay on through a run. */
  expectations?: Readonly<Record<CheckId, Expectation>>;
  /** How long the stage's checks took, once they are done: the wait a learner sits through. */
  durationMs?: number;
  error?: string;
}

export interface RunState {
  runs: Readonly<Record<string, StageRun | undefined>>;
  /** A run is going: from the click until its last stage is done. */
  running: boolean;
  /** The stages whose checks are running now. */
  active: readonly string[];
  /** Stages still waiting in this run, in order. */
  queued: readonly string[];
  stopping: boolean;
}

type ChecksModule = typeof import('@authlab/checks');

const store = createStore<RunState>({ runs: {}, running: false, active: [], queued: [], stopping: false });
let controller: AbortController | undefined;
let checksModule: Promise<ChecksModule> | undefined;

function update(change: Partial<RunState>): void {
  store.set((previous) => ({ ...previous, ...change }));
  if (change.active !== undefined) setChecksRunningOn(change.active);
}

function updateRun(stage: string, change: Partial<StageRun>): void {
  const { runs } = store.get();
  update({ runs: { ...runs, [stage]: { ...(runs[stage] ?? { phase: 'running', reports: [] }), ...change } } });
}

/** The checks package, loaded on first use so it stays out of the first bundle. */
export function loadChecks(): Promise<ChecksModule> {
  checksModule ??= import('@authlab/checks').catch((error: unknown) => {
    // A chunk that failed to load (offline for a moment) is tried again on the next run.
    checksModule = undefined;
    throw error;
  });
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

export function useRunState(): RunState {
  return useStore(store);
}

/** Asks the current run to stop after the checks in flight. */
export function stopRun(): void {
  if (controller === undefined) return;
  update({ stopping: true });
  controller.abort();
}

async function runStage(module: ChecksModule, stage: StageDescription, signal: AbortSignal): Promise<void> {
  const { active, queued, runs } = store.get();
  update({ active: [...active, stage.id], queued: queued.filter((id) => id !== stage.id) });
  update({ runs: { ...runs, [stage.id]: { phase: 'running', reports: [] } } });
  const started = performance.now();
  try {
    // Read now, not from the page's stage list: an instructor may have switched a mistake on since.
    const lab = await refreshStageLab(stage.id);
    const expected = lab.expectedChecks ?? stage.expectedChecks;
    updateRun(stage.id, { expectations: expectationsOf(expected, lab.lab) });
    const target = await checkTarget(stage.id);
    const reports: CheckReport[] = [];
    await module.runChecks(target, {
      expected,
      signal,
      onResult: (report) => {
        reports.push(report);
        updateRun(stage.id, { reports: [...reports] });
      },
    });
    updateRun(stage.id, { phase: reports.length === module.CHECKS.length ? 'done' : 'stopped', durationMs: performance.now() - started });
    // In a classroom, the instructor's table; a stopped run reports the checks that did finish.
    const stageId = STAGE_IDS.find((id) => id === stage.id);
    if (stageId !== undefined && reports.length > 0) reportProgress({ kind: 'checks', stage: stageId, verdicts: verdictsOf(reports) });
    // Each check switched the mistakes off and on again; the banner may have read them in between.
    await refreshStageLab(stage.id).catch(() => undefined);
  } catch (caught) {
    // Checks turn a misbehaving stage into a failed verdict; this is the lab itself failing (offline, say).
    updateRun(stage.id, { phase: 'error', error: caught instanceof Error ? caught.message : String(caught) });
  } finally {
    update({ active: store.get().active.filter((id) => id !== stage.id) });
  }
}

/** Runs every check on the given stages, two stages at a time. Does nothing while another run is going. */
export async function runStages(stages: readonly StageDescription[]): Promise<void> {
  if (controller !== undefined || stages.length === 0) return;
  const run = new AbortController();
  controller = run;
  update({ running: true, queued: stages.map((stage) => stage.id), stopping: false });
  try {
    const module = await loadChecks();
    await inLanes(longestFirst(stages), STAGE_LANES, (stage) => runStage(module, stage, run.signal), run.signal);
  } finally {
    controller = undefined;
    update({ running: false, active: [], queued: [], stopping: false });
  }
}
