/**
 * One exercise run merged into what the lab remembers of the learner's runs. Pure: the file I/O
 * is in run-log.ts. The record keeps no history, only where each check stands and the two
 * moments that make progress: when a check first failed on the learner's code, and when it
 * first passed after that — a fix the learner made, not a check the starter passed anyway.
 */
import { EXERCISES, type CheckRecord, type Exercise, type ExerciseRecord, type ExerciseRuns } from '@authlab/contract';

export type CheckOutcome = 'pass' | 'fail' | 'skipped';

/** What the exercise reporter saw in one run of the learner's starter. */
export interface ExerciseRun {
  exercise: Exercise;
  /** Every practice check of the suite, in suite order; `skipped` when this run left it out. */
  checks: readonly { id: string; outcome: CheckOutcome }[];
  /** The exercise's own tests, counted as the reporter prints them. */
  tests: { passed: number; total: number };
}

/** A run in which no check and no test passed or failed (the suite did not load, say) tells us nothing. */
function ranAnything(run: ExerciseRun): boolean {
  return run.tests.total > 0 || run.checks.some((check) => check.outcome !== 'skipped');
}

function mergeCheck(before: CheckRecord | undefined, id: string, outcome: CheckOutcome, at: string): CheckRecord | undefined {
  // Left out of this run: it stands where the last run that ran it left it.
  if (outcome === 'skipped') return before;
  const failedBefore = before?.firstFailedAt != null;
  return {
    id,
    status: outcome,
    firstFailedAt: before?.firstFailedAt ?? (outcome === 'fail' ? at : null),
    // Only a pass that follows a failure counts as the learner's fix; the first one is kept.
    turnedToPassAt: before?.turnedToPassAt ?? (outcome === 'pass' && failedBefore ? at : null),
  };
}

/**
 * `previous` with `run` recorded at `now`. The exercise's check list becomes the run's (a check
 * the suite no longer has is dropped), so the record stays as small as the suites. Returns
 * `previous` itself when the run tells nothing.
 */
export function recordRun(previous: ExerciseRuns, run: ExerciseRun, now: Date): ExerciseRuns {
  if (!ranAnything(run)) return previous;
  const at = now.toISOString();
  const before = previous.exercises.find((entry) => entry.exercise === run.exercise);
  const beforeById = new Map(before?.checks.map((check) => [check.id, check]));
  const checks = run.checks.flatMap((check) => mergeCheck(beforeById.get(check.id), check.id, check.outcome, at) ?? []);
  const updated: ExerciseRecord = { exercise: run.exercise, lastRunAt: at, runs: (before?.runs ?? 0) + 1, checks, tests: { ...run.tests } };
  const others = previous.exercises.filter((entry) => entry.exercise !== run.exercise);
  const exercises = [...others, updated].sort((a, b) => EXERCISES.indexOf(a.exercise) - EXERCISES.indexOf(b.exercise));
  return { version: 1, lastRunAt: at, exercises };
}
