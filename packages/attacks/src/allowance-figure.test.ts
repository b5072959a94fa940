import { describe, expect, it } from 'vitest';
import { describeAllowance, describeLockoutAllowance, describeRateLimitAllowance, lockoutOverrun } from './allowance-figure.ts';

describe('the allowance in words', () => {
  it('sets what got through beside what the policy promises, with the ratio', () => {
    expect(
      describeAllowance({
        stage: 'lockout',
        mistakes: ['memory-rate-limit'],
        lockout: { promised: 5, checked: 15, endedBy: 423 },
        rateLimit: { promised: 10, windowSeconds: 60, answered: 30, endedBy: 429 },
        logins: 47,
        durationMs: 900,
      }),
    ).toEqual(['15 wrong guesses checked where the lockout promises 5: 3.0× its allowance', '30 logins answered where the limit promises 10 a minute: 3.0×']);
  });

  it('reads 1.0× when the stage keeps its promise', () => {
    expect(lockoutOverrun(5, 5)).toBe('5 wrong guesses checked where the lockout promises 5: 1.0× its allowance');
    expect(lockoutOverrun(1, 5)).toBe('1 wrong guess checked where the lockout promises 5: 0.2× its allowance');
  });

  it('says "at least" when no lock or 429 ended the probe', () => {
    expect(describeLockoutAllowance({ promised: 5, checked: 21, endedBy: 'cap' })).toBe(
      'at least 21 wrong guesses checked where the lockout promises 5: 4.2× its allowance or more (no lock came before the probe stopped)',
    );
    expect(describeRateLimitAllowance({ promised: 100, windowSeconds: 900, answered: 401, endedBy: 'cap' })).toBe(
      'at least 401 logins answered where the limit promises 100 per 15 minutes: 4.0× or more (no 429 came before the probe stopped)',
    );
  });

  it('names an answer that was not the defence, without a ratio', () => {
    expect(describeLockoutAllowance({ promised: 5, checked: 3, endedBy: 429 })).toBe("3 wrong guesses checked, then 429 instead of the lockout's 423; the lockout promises 5");
    expect(describeRateLimitAllowance({ promised: 10, windowSeconds: 90, answered: 1, endedBy: 503 })).toBe(
      "1 login answered, then 503 instead of the limit's 429; the limit promises 10 per 90 s",
    );
  });
});
