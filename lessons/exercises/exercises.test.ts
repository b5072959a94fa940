import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exerciseRunsSchema } from '@authlab/contract';
import { exerciseRunsPath } from '@authlab/lab-files';
import { afterAll, describe, expect, it } from 'vitest';

const LESSONS_DIR = path.resolve(import.meta.dirname, '..');

/** Data directories of these runs, never the lab's own `.data/`: the suites record starter runs there. */
const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run <exercise>` the way a learner would, as a separate process with its own data directory. */
function runExercise(exercise: string, ...flags: string[]): Promise<{ code: number | null; output: string; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-exercise-'));
  dataDirs.push(dataDir);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'exercises/run.ts', exercise, ...flags], {
      cwd: LESSONS_DIR,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', AUTHLAB_DATA_DIR: dataDir },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output, dataDir }));
  });
}

/**
 * Both directions, so the suites cannot pass by accident: the reference solution passes every
 * check and test, and the untouched starter fails — with a hint for each failing check.
 * The four runs are separate processes on separate ports, so they run side by side.
 */
describe.concurrent('the exercise suites', () => {
  describe.each([
    ['challenge', 9, 6],
    ['mini-project', 9, 6],
  ])('npm run %s', (exercise, checkCount, testCount) => {
    it('passes every check and test on the reference solution', async () => {
      const { code, output, dataDir } = await runExercise(exercise, '--solution');
      expect(output).toContain(`${checkCount}/${checkCount} checks pass · ${testCount}/${testCount} exercise tests pass`);
      expect(code).toBe(0);
      // The reference solution is not the learner's work: nothing is recorded as progress.
      expect(existsSync(exerciseRunsPath(dataDir))).toBe(false);
    });

    it('fails on the untouched starter, with hints and a progress line, and records the run', async () => {
      const { code, output, dataDir } = await runExercise(exercise);
      expect(code).toBe(1);
      const progress = new RegExp(`(\\d+)/${checkCount} checks pass`).exec(output);
      expect(Number(progress?.[1])).toBeLessThan(checkCount);
      // The run is recorded for the playground, with the same count the learner just read.
      const recorded = exerciseRunsSchema.parse(JSON.parse(readFileSync(exerciseRunsPath(dataDir), 'utf8')));
      const entry = recorded.exercises.find((candidate) => candidate.exercise === exercise);
      expect(entry?.checks).toHaveLength(checkCount);
      expect(entry?.checks.filter((check) => check.status === 'pass')).toHaveLength(Number(progress?.[1]));
      expect(output).toMatch(/✗ Passwords use a slow password hash \(slow-hash\)\n\s+hint: /);
      expect(output).toMatch(/✗ Tokens expire within an hour \(token-expires\)\n\s+hint: /);
    });
  });
});
