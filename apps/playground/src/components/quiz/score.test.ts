import { describe, expect, it } from 'vitest';
import { describeScore, scoreAllQuizzes, scoreQuiz } from './score.ts';

const QUESTIONS = [
  { id: 'a', answer: 0 },
  { id: 'b', answer: 1 },
  { id: 'c', answer: 2 },
];

describe('scoreQuiz', () => {
  it('counts right answers and answered questions', () => {
    expect(scoreQuiz(QUESTIONS, { a: 0, b: 0 })).toEqual({ correct: 1, answered: 2, total: 3 });
  });

  it('scores a quiz nobody has touched as nothing answered', () => {
    expect(scoreQuiz(QUESTIONS, undefined)).toEqual({ correct: 0, answered: 0, total: 3 });
  });

  it('ignores answers to questions the lesson no longer has', () => {
    expect(scoreQuiz(QUESTIONS, { a: 0, removed: 1 })).toEqual({ correct: 1, answered: 1, total: 3 });
  });
});

describe('scoreAllQuizzes', () => {
  it('adds up every lesson', () => {
    const quizzes = { '01-plaintext': QUESTIONS, '02-sha256': [{ id: 'x', answer: 1 }] };
    expect(scoreAllQuizzes(quizzes, { '01-plaintext': { a: 0, b: 1, c: 2 }, '02-sha256': { x: 0 } })).toEqual({
      correct: 3,
      answered: 4,
      total: 4,
    });
  });
});

describe('describeScore', () => {
  it('says "3/5 correct" and what is still open', () => {
    expect(describeScore({ correct: 3, answered: 5, total: 5 })).toBe('3/5 correct');
    expect(describeScore({ correct: 1, answered: 2, total: 5 })).toBe('1/5 correct · 3 still to answer');
  });
});
