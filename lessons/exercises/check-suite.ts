import { getCheck } from '@authlab/checks';
import type { CheckId } from '@authlab/contract';
import { describe, it } from 'vitest';
import type { RunningExercise } from './harness.ts';

/** Metadata the exercise reporter reads to print hints and the progress line. */
declare module 'vitest' {
  interface TaskMeta {
    checkId?: CheckId;
    hint?: string;
  }
}

/**
 * One test per practice check, run against the learner's app. `n/a` counts as not done: it
 * means the feature the check looks for (a JWT, say) is not there yet.
 */
export function describeChecks(ids: readonly CheckId[], exercise: () => RunningExercise): void {
  describe('practice checks', () => {
    for (const id of ids) {
      const check = getCheck(id);
      it(`${check.title} (${id})`, async ({ task }) => {
        task.meta.checkId = id;
        task.meta.hint = check.hint;
        const { status, evidence } = await check.run(exercise().target);
        if (status !== 'pass') throw new Error(`${status}: ${evidence.explanation}\nhint: ${check.hint}`);
      });
    }
  });
}
