/**
 * The progress menu's "Your exercises": what the learner's own code does, run by run, as
 * `npm run challenge` and `npm run mini-project` recorded it. A check counts as the learner's
 * fix only when it passed after failing on their code; the starter passes some checks anyway.
 */
import type { ExerciseProgress, ExerciseRecord } from '@authlab/contract';

export interface ExerciseSummary {
  exercise: ExerciseRecord['exercise'];
  /** `npm run challenge`: how to run it again. */
  command: string;
  passing: number;
  total: number;
  tests: { passed: number; total: number };
  /** Checks the learner turned from fail to pass, in the order they were fixed. */
  fixed: { id: string; title: string; failsAgain: boolean }[];
  lastRunAt: string;
  runs: number;
}

export const EXERCISE_TITLES: Record<ExerciseRecord['exercise'], string> = {
  challenge: 'Challenge',
  'mini-project': 'Mini-project',
};

/** `titleOf` names a check (`getCheck(id).title`); it is undefined until the checks package has loaded. */
export function summariseExercises(progress: ExerciseProgress, titleOf?: (id: string) => string | undefined): ExerciseSummary[] {
  return progress.exercises.map((entry) => ({
    exercise: entry.exercise,
    command: `npm run ${entry.exercise}`,
    passing: entry.checks.filter((check) => check.status === 'pass').length,
    total: entry.checks.length,
    tests: entry.tests,
    fixed: entry.checks
      .filter((check) => check.turnedToPassAt !== null)
      .sort((a, b) => (a.turnedToPassAt ?? '').localeCompare(b.turnedToPassAt ?? ''))
      .map((check) => ({ id: check.id, title: titleOf?.(check.id) ?? check.id, failsAgain: check.status === 'fail' })),
    lastRunAt: entry.lastRunAt,
    runs: entry.runs,
  }));
}

/** The exercise line, e.g. "4/9 checks pass on your code · 3/6 exercise tests". */
export function exerciseLine(summary: ExerciseSummary): string {
  return `${summary.passing}/${summary.total} checks pass on your code · ${summary.tests.passed}/${summary.tests.total} exercise tests`;
}
