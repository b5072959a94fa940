import { NO_EXERCISE_RUNS, type ExerciseRuns } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { recordRun, type CheckOutcome, type ExerciseRun } from './run-record.ts';

const T1 = new Date('2026-03-02T10:00:00.000Z');
const T2 = new Date('2026-03-02T10:05:00.000Z');
const T3 = new Date('2026-03-02T10:10:00.000Z');
const T4 = new Date('2026-03-02T10:15:00.000Z');

function run(outcomes: Record<string, CheckOutcome>, exercise: ExerciseRun['exercise'] = 'challenge'): ExerciseRun {
  return { exercise, checks: Object.entries(outcomes).map(([id, outcome]) => ({ id, outcome })), tests: { passed: 1, total: 6 } };
}

function replay(...runs: [ExerciseRun, Date][]): ExerciseRuns {
  return runs.reduce((record, [next, at]) => recordRun(record, next, at), NO_EXERCISE_RUNS);
}

function check(record: ExerciseRuns, id: string, exercise = 'challenge'): unknown {
  return record.exercises.find((entry) => entry.exercise === exercise)?.checks.find((entry) => entry.id === id);
}

describe('recordRun', () => {
  it('records a first run: status now, first failure, no fix yet, the tests and the time', () => {
    const record = recordRun(NO_EXERCISE_RUNS, run({ 'slow-hash': 'fail', 'generic-errors': 'pass' }), T1);
    expect(record).toEqual({
      version: 1,
      lastRunAt: T1.toISOString(),
      exercises: [
        {
          exercise: 'challenge',
          lastRunAt: T1.toISOString(),
          runs: 1,
          checks: [
            { id: 'slow-hash', status: 'fail', firstFailedAt: T1.toISOString(), turnedToPassAt: null },
            { id: 'generic-errors', status: 'pass', firstFailedAt: null, turnedToPassAt: null },
          ],
          tests: { passed: 1, total: 6 },
        },
      ],
    });
  });

  it('marks a check turned from fail to pass at the first passing run after a failure', () => {
    const record = replay([run({ 'slow-hash': 'fail' }), T1], [run({ 'slow-hash': 'fail' }), T2], [run({ 'slow-hash': 'pass' }), T3]);
    expect(check(record, 'slow-hash')).toEqual({ id: 'slow-hash', status: 'pass', firstFailedAt: T1.toISOString(), turnedToPassAt: T3.toISOString() });
  });

  it('does not count a check the starter passed from the start as turned', () => {
    const record = replay([run({ 'generic-errors': 'pass' }), T1], [run({ 'generic-errors': 'pass' }), T2]);
    expect(check(record, 'generic-errors')).toMatchObject({ status: 'pass', turnedToPassAt: null });
  });

  it('counts a pass that follows a later failure, and keeps the first fix through a relapse', () => {
    const passedFirst = replay([run({ a: 'pass' }), T1], [run({ a: 'fail' }), T2], [run({ a: 'pass' }), T3]);
    expect(check(passedFirst, 'a')).toMatchObject({ firstFailedAt: T2.toISOString(), turnedToPassAt: T3.toISOString() });

    const relapsed = replay([run({ a: 'fail' }), T1], [run({ a: 'pass' }), T2], [run({ a: 'fail' }), T3], [run({ a: 'pass' }), T4]);
    expect(check(relapsed, 'a')).toMatchObject({ status: 'pass', firstFailedAt: T1.toISOString(), turnedToPassAt: T2.toISOString() });
    expect(check(replay([run({ a: 'fail' }), T1], [run({ a: 'pass' }), T2], [run({ a: 'fail' }), T3]), 'a')).toMatchObject({ status: 'fail' });
  });

  it('leaves a check this run skipped as the last run left it', () => {
    const record = replay([run({ a: 'fail', b: 'fail' }), T1], [run({ a: 'skipped', b: 'pass' }), T2]);
    expect(check(record, 'a')).toMatchObject({ status: 'fail', firstFailedAt: T1.toISOString() });
    expect(check(record, 'b')).toMatchObject({ status: 'pass', turnedToPassAt: T2.toISOString() });
  });

  it('drops a check the suite no longer has, so the record stays bounded', () => {
    const record = replay([run({ old: 'fail', a: 'fail' }), T1], [run({ a: 'fail' }), T2]);
    expect(record.exercises[0]?.checks.map((entry) => entry.id)).toEqual(['a']);
  });

  it('keeps one entry per exercise, in course order, and counts runs', () => {
    const record = replay([run({ a: 'fail' }, 'mini-project'), T1], [run({ a: 'fail' }), T2], [run({ a: 'pass' }, 'mini-project'), T3]);
    expect(record.exercises.map((entry) => [entry.exercise, entry.runs])).toEqual([
      ['challenge', 1],
      ['mini-project', 2],
    ]);
    expect(record.lastRunAt).toBe(T3.toISOString());
    expect(check(record, 'a', 'mini-project')).toMatchObject({ turnedToPassAt: T3.toISOString() });
  });

  it('leaves the record as it was when nothing ran', () => {
    const before = replay([run({ a: 'fail' }), T1]);
    const empty: ExerciseRun = { exercise: 'challenge', checks: [{ id: 'a', outcome: 'skipped' }], tests: { passed: 0, total: 0 } };
    expect(recordRun(before, empty, T2)).toBe(before);
  });
});
