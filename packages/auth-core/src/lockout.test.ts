import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createLockoutPolicy,
  createMemoryLockoutStore,
  lockDurationSeconds,
  type LockoutPolicy,
  type LockoutSettings,
  type LockoutStore,
  type LoginAttempt,
} from './lockout.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** The server's defaults. */
const SETTINGS: LockoutSettings = { maxFailures: 5, windowSeconds: 86_400, lockSeconds: 300, maxLockSeconds: 14_400 };

let now = 0;
const clock = (): number => now;
let store: LockoutStore;
let policy: LockoutPolicy;

beforeEach(() => {
  now = 1_700_000_000_000;
  store = createMemoryLockoutStore();
  policy = createLockoutPolicy({ ...SETTINGS, store, clock });
});

/** `times` attempts with a wrong password; returns how the last one began. */
function fail(username: string, times: number): LoginAttempt {
  let last: LoginAttempt | undefined;
  for (let i = 0; i < times; i++) {
    last = policy.beginAttempt(username);
    if (!last.locked) last.failed();
  }
  if (last === undefined) throw new Error('fail() needs at least one attempt');
  return last;
}

describe('beginAttempt', () => {
  it('exposes the numbers it was configured with', () => {
    expect(policy).toMatchObject(SETTINGS);
  });

  it('lets five wrong guesses be checked, then refuses the sixth with the lock time', () => {
    expect(fail('alice', 5)).toMatchObject({ locked: false });
    expect(policy.beginAttempt('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
    expect(policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('counts an attempt before its password is checked, so a burst gets five checks at most', () => {
    // Ten guesses arrive together: all begin before any of them has an answer.
    const burst = Array.from({ length: 10 }, () => policy.beginAttempt('alice'));
    expect(burst.filter((attempt) => !attempt.locked)).toHaveLength(5);
    expect(burst.slice(5)).toEqual(Array.from({ length: 5 }, () => ({ locked: true, retryAfterSeconds: 300 })));
  });

  it('refuses a locked name the same way whatever comes next, and for names that do not exist', () => {
    fail('alice', 5);
    fail('no-such-user-7f3a', 5);
    expect(policy.beginAttempt('no-such-user-7f3a')).toEqual(policy.beginAttempt('alice'));
  });

  it('lets a success inside the first five clear the count', () => {
    fail('alice', 4);
    const right = policy.beginAttempt('alice');
    if (right.locked) throw new Error('the fifth attempt should have been checked');
    right.succeeded();
    expect(fail('alice', 4)).toMatchObject({ locked: false });
    expect(policy.status('alice')).toEqual({ locked: false });
  });

  it('counts retryAfterSeconds down as the clock moves, rounding up', () => {
    fail('alice', 5);
    now += MINUTE_MS;
    expect(policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 240 });
    now += 239_500;
    expect(policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 1 });
  });

  it('does not extend a lock while refused attempts keep arriving', () => {
    fail('alice', 5);
    now += 100_000;
    expect(policy.beginAttempt('alice')).toEqual({ locked: true, retryAfterSeconds: 200 });
    expect(store.get('alice')?.failures).toBe(5);
  });

  it('doubles each further lock in a run: 5, 10, 20 minutes', () => {
    fail('alice', 5);
    now += 5 * MINUTE_MS;
    expect(fail('alice', 4)).toMatchObject({ locked: false });
    expect(fail('alice', 1)).toMatchObject({ locked: false });
    expect(policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 600 });
    now += 10 * MINUTE_MS;
    fail('alice', 5);
    expect(policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 1200 });
  });

  it('caps the growing lock at maxLockSeconds', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((lock) => lockDurationSeconds(SETTINGS, lock))).toEqual([300, 600, 1200, 2400, 4800, 9600, 14_400, 14_400]);
  });

  it('keeps counting a slow trickle: failures are remembered for a whole window after the latest', () => {
    for (let i = 0; i < 4; i++) {
      fail('alice', 1);
      now += SETTINGS.windowSeconds * 1000 - 1;
    }
    fail('alice', 1);
    expect(policy.status('alice')).toMatchObject({ locked: true });
  });

  it('forgets failures once a whole window passes without another', () => {
    fail('alice', 4);
    now += SETTINGS.windowSeconds * 1000;
    expect(fail('alice', 4)).toMatchObject({ locked: false });
    expect(policy.status('alice')).toEqual({ locked: false });
  });

  it('keeps usernames independent', () => {
    fail('alice', 5);
    fail('bob', 4);
    expect(policy.status('alice')).toMatchObject({ locked: true });
    expect(policy.status('bob')).toEqual({ locked: false });
    expect(policy.status('carol')).toEqual({ locked: false });
  });
});

describe('no account takes more than 100 wrong guesses in 24 hours (NIST SP 800-63B-4)', () => {
  /**
   * An attacker with any number of addresses guesses one account: each step waits some time,
   * then fires a burst of guesses. Returns how many guesses were checked in each 24-hour window.
   */
  function checkedGuessesPerDay(steps: readonly { waitMs: number; burst: number }[]): number {
    const checkedAt: number[] = [];
    for (const { waitMs, burst } of steps) {
      now += waitMs;
      for (let i = 0; i < burst; i++) {
        const attempt = policy.beginAttempt('victim');
        if (!attempt.locked) {
          attempt.failed();
          checkedAt.push(now);
        }
      }
    }
    let worst = 0;
    for (const [start, at] of checkedAt.entries()) {
      const inWindow = checkedAt.slice(start).filter((later) => later - at < DAY_MS).length;
      worst = Math.max(worst, inWindow);
    }
    return worst;
  }

  it('holds for the greedy attacker who guesses the moment each lock ends', () => {
    // Wait exactly as long as the lock says, every time.
    let checked = 0;
    const started = now;
    while (now - started < DAY_MS) {
      const attempt = policy.beginAttempt('victim');
      if (attempt.locked) now += attempt.retryAfterSeconds * 1000;
      else {
        attempt.failed();
        checked += 1;
      }
    }
    // Locks of 5, 10, 20, 40, 80, 160 minutes, then 4 hours: eleven runs of five guesses.
    expect(checked).toBe(55);
  });

  it('holds for the patient attacker who stays one guess under the lock and waits between runs', () => {
    // Four guesses every 15 minutes would be 384 a day if failures were forgotten that fast.
    const steps = Array.from({ length: 200 }, () => ({ waitMs: 15 * MINUTE_MS, burst: 4 }));
    expect(checkedGuessesPerDay(steps)).toBeLessThanOrEqual(100);
  });

  it('holds whatever the timing and size of the bursts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            // Mostly short waits, where an attacker gains most, with the odd long pause between them.
            waitMs: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 20 * MINUTE_MS }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 6 * HOUR_MS }), weight: 1 }),
            burst: fc.integer({ min: 0, max: 30 }),
          }),
          { minLength: 1, maxLength: 200 },
        ),
        (steps) => {
          now = 1_700_000_000_000;
          policy = createLockoutPolicy({ ...SETTINGS, store: createMemoryLockoutStore(), clock });
          expect(checkedGuessesPerDay(steps)).toBeLessThanOrEqual(100);
        },
      ),
      { seed: 20261203, numRuns: 300 },
    );
  });
});

describe('sweep', () => {
  it('deletes names whose failures are forgotten and keeps the rest', () => {
    fail('sprayed-1', 1);
    fail('sprayed-2', 1);
    now += SETTINGS.windowSeconds * 1000 - MINUTE_MS;
    fail('recent', 1);
    now += MINUTE_MS;
    expect(policy.sweep()).toBe(2);
    expect(store.get('sprayed-1')).toBeUndefined();
    expect(store.get('recent')).toMatchObject({ failures: 1 });
  });

  it('never deletes a lock that is still running', () => {
    const longLock = createLockoutPolicy({ ...SETTINGS, windowSeconds: 60, lockSeconds: 3600, maxLockSeconds: 3600, store, clock });
    for (let i = 0; i < 5; i++) longLock.beginAttempt('alice');
    now += 2 * MINUTE_MS;
    expect(longLock.sweep()).toBe(0);
    expect(longLock.status('alice')).toMatchObject({ locked: true });
  });
});

describe('createMemoryLockoutStore', () => {
  it('stores copies, so later edits to a state object do not leak in', () => {
    const memory = createMemoryLockoutStore();
    const state = { failures: 1, lastFailureAtMs: 0, lockedUntilMs: null };
    memory.update('alice', () => state);
    state.failures = 99;
    expect(memory.get('alice')?.failures).toBe(1);
    memory.update('alice', () => undefined);
    expect(memory.get('alice')).toBeUndefined();
  });
});
