import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadExercise, startExercise, type ExerciseName, type RunningExercise } from './harness.ts';

export interface ExerciseKit {
  /** The running app; available inside tests. */
  readonly running: RunningExercise;
  post(path: string, body?: unknown): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

/** Starts the selected variant of an exercise for this test file, resetting it before each test. */
export function useExercise(name: ExerciseName): ExerciseKit {
  let running: RunningExercise | undefined;
  beforeAll(async () => {
    running = await startExercise(await loadExercise(name));
  });
  afterAll(() => running?.close());
  beforeEach(async () => {
    await kit.post('/reset');
  });

  const kit: ExerciseKit = {
    get running() {
      if (running === undefined) throw new Error('the exercise app is not running yet');
      return running;
    },
    post(path, body) {
      return fetch(`${kit.running.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    get(path, headers = {}) {
      return fetch(`${kit.running.baseUrl}${path}`, { headers });
    },
  };
  return kit;
}
