/**
 * npm run challenge [-- --solution] [-- --watch]
 * npm run mini-project [-- --solution] [-- --watch]
 * Runs an exercise's practice checks and tests against your starter (or the reference solution).
 * Runs of your starter are recorded in the lab's data directory, for the playground's progress menu.
 * Exit code: 0 everything passes, 1 something fails, 2 the run itself broke.
 */
import path from 'node:path';
import { readDataDir } from '@authlab/lab-files';
import { exerciseRunsPath } from '@authlab/lab-files';
import { Command } from 'commander';
import { startVitest } from 'vitest/node';
import { ExerciseReporter } from './reporter.ts';
import { logExerciseRun } from './run-log.ts';

const LESSONS_DIR = path.resolve(import.meta.dirname, '..');

async function main(): Promise<number> {
  const program = new Command('exercise')
    .argument('<exercise>', 'challenge or mini-project')
    .option('--solution', 'check the reference solution instead of your starter')
    .option('--watch', 're-run whenever you save a file')
    .parse();
  const [exercise] = program.args;
  const options = program.opts<{ solution?: boolean; watch?: boolean }>();
  if (exercise !== 'challenge' && exercise !== 'mini-project') throw new Error('choose challenge or mini-project');

  const variant = options.solution ? 'solution' : 'starter';
  process.env.AUTHLAB_EXERCISE_VARIANT = variant;
  // Where the lab server looks: AUTHLAB_DATA_DIR or <repo>/.data, resolved the way it does.
  const file = exerciseRunsPath(readDataDir(process.env));
  const vitest = await startVitest('test', [`${exercise}/${exercise}.test.ts`], {
    root: LESSONS_DIR,
    config: false,
    include: [`${exercise}/*.test.ts`],
    watch: options.watch === true,
    testTimeout: 30_000,
    // Checks reset the app and measure it: one at a time.
    fileParallelism: false,
    reporters: [
      'default',
      new ExerciseReporter({
        label: `${exercise} · ${variant} (lessons/${exercise}/${variant}/app.ts)`,
        exercise,
        // The reference solution is not the learner's work: only starter runs are progress.
        ...(variant === 'starter' ? { record: (run) => logExerciseRun(run, { file }) } : {}),
      }),
    ],
  });
  if (options.watch) return new Promise(() => {});
  await vitest?.close();
  if (vitest === undefined) return 2;
  return vitest.state.getCountOfFailedTests() > 0 || process.exitCode === 1 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`exercise: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
