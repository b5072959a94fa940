/**
 * Attack runs, kept outside any component: a run goes on while the presenter switches tabs or
 * pages, and one run at a time, because every attack resets its stage and the timing attack
 * needs the server to itself. Progress arrives per request; screens are told at most every
 * frame or so, which keeps a fast brute force from re-rendering hundreds of times a second.
 */
import { getAttack, runMatrix, type AttackProgress, type AttackResult, type AttemptPoint, type MatrixCell } from '@authlab/attacks';
import type { AttackId, AttackOutcome } from '@authlab/contract';
import { attackTarget } from '../../api/client.ts';
import { createStore, useStore } from '../../lib/store.ts';
import { withAttackSlot } from '../../state/classroom.ts';
import { setAttackRunning } from '../../state/lab-activity.ts';
import { rememberStageLab } from '../../state/stage-lab.ts';

export type RunPhase = 'running' | 'done' | 'stopped' | 'error';

/** One attack on one stage, from the stage's Attack lab tab. */
export interface AttackRun {
  stage: string;
  attack: AttackId;
  phase: RunPhase;
  /** What the stage expected when the run started (its instructor mistakes included). */
  expected?: AttackOutcome;
  progress?: AttackProgress;
  /** Every answered request so far, for the live chart. */
  attempts: readonly AttemptPoint[];
  result?: AttackResult;
  error?: string;
}

export type RunningCell = Pick<MatrixCell, 'stage' | 'attack'> & { progress?: AttackProgress };

/** Every attack on every stage: the replay matrix. */
export interface MatrixRun {
  phase: RunPhase;
  cells: readonly MatrixCell[];
  /** The cells running now (one per lane: two stages may be under attack at once) and how far each got. */
  running: readonly RunningCell[];
  durationMs: number;
  error?: string;
}

export interface AttackLabState {
  /** The latest run per stage. */
  runs: Readonly<Record<string, AttackRun | undefined>>;
  matrix?: MatrixRun;
  /** Something is running: single attack or matrix. */
  busy: boolean;
  stopping: boolean;
}

/** Progress is published at most this often; phase changes at once. */
const PUBLISH_INTERVAL_MS = 80;

/** The latest state; screens see it through `published`, which lags by at most the interval. */
let state: AttackLabState = { runs: {}, busy: false, stopping: false };
const published = createStore(state);
let timer: ReturnType<typeof setTimeout> | undefined;
let controller: AbortController | undefined;

function publish(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  published.set(state);
}

function update(change: Partial<AttackLabState>, options: { now: boolean }): void {
  state = { ...state, ...change };
  if (options.now) publish();
  else timer ??= setTimeout(publish, PUBLISH_INTERVAL_MS);
}

function updateRun(stage: string, change: Partial<AttackRun>, options: { now: boolean }): void {
  const previous = state.runs[stage];
  if (previous !== undefined) update({ runs: { ...state.runs, [stage]: { ...previous, ...change } } }, options);
}

function updateMatrix(change: Partial<MatrixRun>, options: { now: boolean }): void {
  if (state.matrix !== undefined) update({ matrix: { ...state.matrix, ...change } }, options);
}

export function useAttackLab(): AttackLabState {
  return useStore(published);
}

/** Stops whatever runs: the request in flight is aborted, the data so far stays on screen. */
export function stopAttacks(): void {
  if (controller === undefined) return;
  update({ stopping: true }, { now: true });
  controller.abort(new DOMException('Stopped by the presenter', 'AbortError'));
}

function errorText(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}

/** Claims the lab for one run; undefined while another run is going. */
function claim(change: Partial<AttackLabState>): AbortSignal | undefined {
  if (state.busy) return undefined;
  controller = new AbortController();
  setAttackRunning(true);
  update({ ...change, busy: true }, { now: true });
  return controller.signal;
}

function release(): void {
  controller = undefined;
  setAttackRunning(false);
  update({ busy: false, stopping: false }, { now: true });
}

/**
 * Runs `work` as the lab's one run, for a run that is not an attack (the allowance
 * measurement): it too resets its stage, so it waits its turn, and Stop aborts its signal.
 * Does nothing while another run is going.
 */
export async function runAsLabRun(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const signal = claim({});
  if (signal === undefined) return;
  try {
    await work(signal);
  } finally {
    release();
  }
}

/** Runs one attack on one stage. Does nothing while another run is going. */
export async function runAttack(stage: string, attackId: AttackId): Promise<void> {
  const signal = claim({ runs: { ...state.runs, [stage]: { stage, attack: attackId, phase: 'running', attempts: [] } } });
  if (signal === undefined) return;
  try {
    await withAttackSlot({ attack: attackId, stage }, async () => {
      const target = await attackTarget(stage);
      const description = await target.describe();
      rememberStageLab(stage, description);
      const expected = description.expectedAttacks?.[attackId];
      if (expected !== undefined) updateRun(stage, { expected }, { now: true });
      const attempts: AttemptPoint[] = [];
      const result = await getAttack(attackId).run(target, {
        signal,
        onProgress: (progress) => {
          if (progress.attempt) attempts.push(progress.attempt);
          updateRun(stage, { progress, attempts: [...attempts] }, { now: false });
        },
      });
      updateRun(stage, { phase: 'done', result, attempts: result.series.attempts }, { now: true });
    });
  } catch (caught) {
    updateRun(stage, signal.aborted ? { phase: 'stopped' } : { phase: 'error', error: errorText(caught) }, { now: true });
  } finally {
    release();
  }
}

function othersThan(stage: string): RunningCell[] {
  return (state.matrix?.running ?? []).filter((cell) => cell.stage !== stage);
}

/** Runs every attack on every stage for the replay matrix (see runMatrix for the order). */
export async function runAllAttacks(stages: readonly string[]): Promise<void> {
  const signal = claim({ matrix: { phase: 'running', cells: [], running: [], durationMs: 0 } });
  if (signal === undefined) return;
  const started = performance.now();
  try {
    // One run for the classroom's attack slot, however many lanes it runs in.
    await withAttackSlot({ attack: 'all', stage: 'all' }, async () => {
      const targets = await Promise.all(stages.map(attackTarget));
      await runMatrix(targets, {
        signal,
        // A stage runs one attack at a time, so each stage has at most one running cell.
        onProgress: (where, progress) => updateMatrix({ running: [...othersThan(where.stage), { ...where, progress }] }, { now: false }),
        onCell: (cell) =>
          updateMatrix({ cells: [...(state.matrix?.cells ?? []), cell], running: othersThan(cell.stage), durationMs: performance.now() - started }, { now: true }),
      });
    });
    updateMatrix({ phase: 'done', durationMs: performance.now() - started }, { now: true });
  } catch (caught) {
    const end = signal.aborted ? { phase: 'stopped' as const } : { phase: 'error' as const, error: errorText(caught) };
    updateMatrix({ ...end, durationMs: performance.now() - started }, { now: true });
  } finally {
    updateMatrix({ running: [] }, { now: true });
    release();
  }
}
