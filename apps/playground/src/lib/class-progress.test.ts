import type { StageProgress } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { describeQuizzes, describeStageProgress, relativeTime, verdictsOf } from './class-progress.ts';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

function stage(counts: Pick<StageProgress, 'pass' | 'fail' | 'notApplicable'>): StageProgress {
  return { ...counts, passed: [], at: '2026-12-03T11:59:00.000Z' };
}

describe('verdictsOf', () => {
  it('keeps each check’s own verdict, keyed by its id', () => {
    expect(
      verdictsOf([
        { id: 'no-plaintext-storage', status: 'fail' },
        { id: 'password-policy', status: 'pass' },
        { id: 'account-lockout', status: 'n/a' },
      ]),
    ).toEqual({ 'no-plaintext-storage': 'fail', 'password-policy': 'pass', 'account-lockout': 'n/a' });
  });
});

describe('describeStageProgress', () => {
  it('counts passes and failures, and n/a only when there is some', () => {
    expect(describeStageProgress(stage({ pass: 9, fail: 5, notApplicable: 0 }))).toBe('9 pass · 5 fail');
    expect(describeStageProgress(stage({ pass: 9, fail: 3, notApplicable: 2 }))).toBe('9 pass · 3 fail · 2 n/a');
  });

  it('says so when the learner has not run the stage’s checks', () => {
    expect(describeStageProgress(undefined)).toBe('not run');
  });
});

describe('describeQuizzes', () => {
  it('adds up every quiz the learner answered', () => {
    const at = '2026-12-03T11:00:00.000Z';
    expect(describeQuizzes({ intro: { correct: 2, total: 3, at }, plaintext: { correct: 4, total: 5, at } })).toBe('6/8 in 2 quizzes');
    expect(describeQuizzes({ intro: { correct: 1, total: 3, at } })).toBe('1/3 in 1 quiz');
    expect(describeQuizzes({})).toBe('none yet');
  });
});

describe('relativeTime', () => {
  it('tells the past from the future', () => {
    expect(relativeTime('2026-12-03T11:56:30.000Z', NOW)).toBe('3 min ago');
    expect(relativeTime('2026-12-04T11:00:00.000Z', NOW)).toBe('in 23 h');
    expect(relativeTime('2026-11-30T12:00:00.000Z', NOW)).toBe('3 d ago');
  });

  it('rounds the last minute to "just now" and leaves a bad date unread', () => {
    expect(relativeTime('2026-12-03T11:59:31.000Z', NOW)).toBe('just now');
    expect(relativeTime('2026-12-03T12:00:20.000Z', NOW)).toBe('in under a minute');
    expect(relativeTime('yesterday', NOW)).toBe('unknown');
  });

  it('never puts a moment that has happened in the future, whatever the clocks say', () => {
    expect(relativeTime('2026-12-03T12:00:20.000Z', NOW, { past: true })).toBe('just now');
    expect(relativeTime('2026-12-03T11:50:00.000Z', NOW, { past: true })).toBe('10 min ago');
  });
});
