import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const LESSONS_DIR = path.resolve(import.meta.dirname, '..');

/** Runs `npm run <exercise>` the way a learner would, as a separate process. */
function runExercise(exercise: string, ...flags: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'exercises/run.ts', exercise, ...flags], {
      cwd: LESSONS_DIR,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
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
      const { code, output } = await runExercise(exercise, '--solution');
      expect(output).toContain(`${checkCount}/${checkCount} checks pass · ${testCount}/${testCount} exercise tests pass`);
      expect(code).toBe(0);
    });

    it('fails on the untouched starter, with hints and a progress line', async () => {
      const { code, output } = await runExercise(exercise);
      expect(code).toBe(1);
      const progress = new RegExp(`(\\d+)/${checkCount} checks pass`).exec(output);
      expect(Number(progress?.[1])).toBeLessThan(checkCount);
      expect(output).toMatch(/✗ Passwords use a slow password hash \(slow-hash\)\n\s+hint: /);
      expect(output).toMatch(/✗ Tokens expire within an hour \(token-expires\)\n\s+hint: /);
    });
  });
});
