import type { RequestHandler } from 'express';
import { NO_EXERCISE_RUNS, type ExerciseProgress } from '@authlab/contract';
import { readExerciseRuns } from '@authlab/lab-files';
import { HttpError } from './http-error.ts';
import { isLoopbackAddress } from './lab-clock.ts';

/**
 * `GET /api/exercises/progress`: the learner's own exercise runs, as `npm run challenge` and
 * `npm run mini-project` recorded them. Read on each request, asynchronously: the file is a few
 * kilobytes and changes whenever the learner runs an exercise. Without a file, or with one that
 * does not validate, the answer is empty progress: nothing recorded is not an error. The runs are
 * those of whoever sits at this machine: other machines on a classroom network get 403.
 */
export function serveExerciseProgress(file: string | undefined): RequestHandler {
  return async (req, res) => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      throw new HttpError(403, "Exercise runs are only shown on this machine: they are its owner's", { code: 'local_only' });
    }
    const { runs } = file === undefined ? { runs: NO_EXERCISE_RUNS } : await readExerciseRuns(file);
    const body: ExerciseProgress = { lastRunAt: runs.lastRunAt, exercises: runs.exercises };
    res.json(body);
  };
}
