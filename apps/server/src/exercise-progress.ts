import type { RequestHandler } from 'express';
import { NO_EXERCISE_RUNS, readExerciseRuns, type ExerciseRecord } from './exercise-runs.ts';

/** The body of `GET /api/exercises/progress`. */
export interface ExerciseProgressBody {
  lastRunAt: string | null;
  exercises: ExerciseRecord[];
}

/**
 * `GET /api/exercises/progress`: the learner's own exercise runs, as `npm run challenge` and
 * `npm run mini-project` recorded them. Read on each request, asynchronously: the file is a few
 * kilobytes and changes whenever the learner runs an exercise. Without a file, or with one that
 * does not validate, the answer is empty progress: nothing recorded is not an error.
 */
export function serveExerciseProgress(file: string | undefined): RequestHandler {
  return async (_req, res) => {
    const { runs } = file === undefined ? { runs: NO_EXERCISE_RUNS } : await readExerciseRuns(file);
    const body: ExerciseProgressBody = { lastRunAt: runs.lastRunAt, exercises: runs.exercises };
    res.json(body);
  };
}
