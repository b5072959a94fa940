import { describe, expect, it } from 'vitest';
import type { ExerciseProgress } from '@authlab/contract';
import { exerciseLine, summariseExercises } from './exercise-progress.ts';

const PROGRESS: ExerciseProgress = {
  lastRunAt: '2026-03-02T10:20:00.000Z',
  exercises: [
    {
      exercise: 'challenge',
      lastRunAt: '2026-03-02T10:20:00.000Z',
      runs: 4,
      checks: [
        { id: 'slow-hash', status: 'pass', firstFailedAt: '2026-03-02T10:00:00.000Z', turnedToPassAt: '2026-03-02T10:15:00.000Z' },
        { id: 'generic-errors', status: 'pass', firstFailedAt: null, turnedToPassAt: null },
        { id: 'token-expires', status: 'fail', firstFailedAt: '2026-03-02T10:00:00.000Z', turnedToPassAt: '2026-03-02T10:05:00.000Z' },
        { id: 'alg-none-rejected', status: 'fail', firstFailedAt: '2026-03-02T10:00:00.000Z', turnedToPassAt: null },
      ],
      tests: { passed: 3, total: 6 },
    },
  ],
};

const TITLES: Record<string, string> = { 'slow-hash': 'Passwords use a slow password hash', 'token-expires': 'Tokens expire within an hour' };

describe('summariseExercises', () => {
  it('counts the checks passing on the learner’s code now', () => {
    const [summary] = summariseExercises(PROGRESS);
    expect(summary && exerciseLine(summary)).toBe('2/4 checks pass on your code · 3/6 exercise tests');
    expect(summary?.command).toBe('npm run challenge');
  });

  it('lists only checks turned from fail to pass, by title, in the order they were fixed', () => {
    const [summary] = summariseExercises(PROGRESS, (id) => TITLES[id]);
    expect(summary?.fixed).toEqual([
      { id: 'token-expires', title: 'Tokens expire within an hour', failsAgain: true },
      { id: 'slow-hash', title: 'Passwords use a slow password hash', failsAgain: false },
    ]);
  });

  it('falls back to the check id while titles are loading or for a check it does not know', () => {
    const [summary] = summariseExercises(PROGRESS, () => undefined);
    expect(summary?.fixed.map((check) => check.title)).toEqual(['token-expires', 'slow-hash']);
  });

  it('has nothing to show before a first run', () => {
    expect(summariseExercises({ lastRunAt: null, exercises: [] })).toEqual([]);
  });
});
