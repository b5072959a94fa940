import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exerciseRunsSchema } from '@authlab/contract';
import { exerciseRunsPath } from '@authlab/lab-files';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logExerciseRun } from './run-log.ts';
import type { ExerciseRun } from './run-record.ts';

let dataDir: string;
let file: string;
let warnings: string[];
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-runs-'));
  file = exerciseRunsPath(path.join(dataDir, 'not-yet-there'));
  warnings = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const FAILING: ExerciseRun = { exercise: 'challenge', checks: [{ id: 'slow-hash', outcome: 'fail' }], tests: { passed: 0, total: 6 } };
const PASSING: ExerciseRun = { ...FAILING, checks: [{ id: 'slow-hash', outcome: 'pass' }] };
const T1 = new Date('2026-03-02T10:00:00.000Z');
const T2 = new Date('2026-03-02T10:05:00.000Z');

function log(run: ExerciseRun, at: Date): Promise<void> {
  return logExerciseRun(run, { file, now: () => at, warn: (message) => warnings.push(message) });
}

function stored(): unknown {
  return exerciseRunsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

describe('logExerciseRun', () => {
  it('creates the data directory and a record the server schema accepts', async () => {
    await log(FAILING, T1);
    expect(stored()).toMatchObject({ lastRunAt: T1.toISOString(), exercises: [{ exercise: 'challenge', runs: 1 }] });
    expect(warnings).toEqual([]);
  });

  it('merges each run into the record on disk', async () => {
    await log(FAILING, T1);
    await log(PASSING, T2);
    expect(stored()).toMatchObject({
      exercises: [{ runs: 2, checks: [{ id: 'slow-hash', status: 'pass', firstFailedAt: T1.toISOString(), turnedToPassAt: T2.toISOString() }] }],
    });
  });

  it('leaves no temporary file behind', async () => {
    await log(FAILING, T1);
    await log(PASSING, T2);
    expect(readdirSync(path.dirname(file))).toEqual(['exercise-runs.json']);
  });

  it.each([
    ['broken JSON', '{"version": 1, "exer'],
    ['a hand-edited record', JSON.stringify({ version: 1, lastRunAt: null, exercises: [{ exercise: 'challenge', runs: 'many' }] })],
  ])('starts fresh, with a warning, over %s', async (_case, content) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    await log(FAILING, T1);
    expect(warnings).toEqual([expect.stringMatching(/could not be read .*starting a fresh record/)]);
    expect(stored()).toMatchObject({ exercises: [{ runs: 1 }] });
  });

  it('warns instead of failing the run when the record cannot be written', async () => {
    // A directory where the file should be: rename cannot replace it.
    mkdirSync(file, { recursive: true });
    await expect(log(FAILING, T1)).resolves.toBeUndefined();
    expect(warnings.at(-1)).toMatch(/Could not record this run/);
    expect(readdirSync(path.dirname(file))).toEqual(['exercise-runs.json']);
  });

  it('warns instead of failing the run when the data directory is a file', async () => {
    const notADirectory = path.join(dataDir, 'a-file');
    writeFileSync(notADirectory, 'not a directory');
    const run = logExerciseRun(FAILING, { file: exerciseRunsPath(notADirectory), now: () => T1, warn: (message) => warnings.push(message) });
    await expect(run).resolves.toBeUndefined();
    expect(warnings.at(-1)).toMatch(/^Could not record this run in .*: [^\n]+$/);
  });
});
