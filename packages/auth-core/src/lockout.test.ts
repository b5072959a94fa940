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
async function fail(username: string, times: number): Promise<LoginAttempt> {
  let last: LoginAttempt | undefined;
  for (let i = 0; i < times; i++) {
    last = await policy.beginAttempt(username);
    if (!last.locked) await last.failed();
  }
  if (last === undefined) throw new Error('fail() needs at least one attempt');
  return last;
}

describe('beginAttempt', () => {
  it('exposes the numbers it was configured with', () => {
    expect(policy).toMatchObject(SETTINGS);
  });

  it('lets five wrong guesses be checked, then refuses the sixth with the lock time', async () => {
    expect(await fail('alice', 5)).toMatchObject({ locked: false });
    expect(await policy.beginAttempt('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
    expect(await policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('counts an attempt before its password is checked, so a burst gets five checks at most', async () => {
    // Ten guesses arrive together: all begin before any of them has an answer.
    const burst = await Promise.all(Array.from({ length: 10 }, () => policy.beginAttempt('alice')));
    expect(burst.filter((attempt) => !attempt.locked)).toHaveLength(5);
    expect(burst.slice(5)).toEqual(Array.from({ length: 5 }, () => ({ locked: true, retryAfterSeconds: 300 })));
  });

  it('refuses a locked name the same way whatever comes next, and for names that do not exist', async () => {
    await fail('alice', 5);
    await fail('no-such-user-7f3a', 5);
    expect(await policy.beginAttempt('no-such-user-7f3a')).toEqual(await policy.beginAttempt('alice'));
  });

  it('lets a success inside the first five clear the count', async () => {
    await fail('alice', 4);
    const right = await policy.beginAttempt('alice');
    if (right.locked) throw new Error('the fifth attempt should have been checked');
    await right.succeeded();
    expect(await fail('alice', 4)).toMatchObject({ locked: false });
    expect(await policy.status('alice')).toEqual({ locked: false });
  });

  it('counts retryAfterSeconds down as the clock moves, rounding up', async () => {
    await fail('alice', 5);
    now += MINUTE_MS;
    expect(await policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 240 });
    now += 239_500;
    expect(await policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 1 });
  });

  it('does not extend a lock while refused attempts keep arriving', async () => {
    await fail('alice', 5);
    now += 100_000;
    expect(await policy.beginAttempt('alice')).toEqual({ locked: true, retryAfterSeconds: 200 });
    expect((await store.get('alice'))?.failures).toBe(5);
  });

  it('doubles each further lock in a run: 5, 10, 20 minutes', async () => {
    await fail('alice', 5);
    now += 5 * MINUTE_MS;
    expect(await fail('alice', 4)).toMatchObject({ locked: false });
    expect(await fail('alice', 1)).toMatchObject({ locked: false });
    expect(await policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 600 });
    now += 10 * MINUTE_MS;
    await fail('alice', 5);
    expect(await policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 1200 });
  });

  it('caps the growing lock at maxLockSeconds', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((lock) => lockDurationSeconds(SETTINGS, lock))).toEqual([300, 600, 1200, 2400, 4800, 9600, 14_400, 14_400]);
  });

  it('keeps counting a slow trickle: failures are remembered for a whole window after the latest', async () => {
    for (let i = 0; i < 4; i++) {
      await fail('alice', 1);
      now += SETTINGS.windowSeconds * 1000 - 1;
    }
    await fail('alice', 1);
    expect(await policy.status('alice')).toMatchObject({ locked: true });
  });

  it('forgets failures once a whole window passes without another', async () => {
    await fail('alice', 4);
    now += SETTINGS.windowSeconds * 1000;
    expect(await fail('alice', 4)).toMatchObject({ locked: false });
    expect(await policy.status('alice')).toEqual({ locked: false });
  });

  it('keeps usernames independent', async () => {
    await fail('alice', 5);
    await fail('bob', 4);
    expect(await policy.status('alice')).toMatchObject({ locked: true });
    expect(await policy.status('bob')).toEqual({ locked: false });
    expect(await policy.status('carol')).toEqual({ locked: false });
  });
});

describe('no account takes more than 100 wrong guesses in 24 hours (NIST SP 800-63B-4)', () => {
  /**
   * An attacker with any number of addresses guesses one account: each step waits some time,
   * then fires a burst of guesses. Returns how many guesses were checked in each 24-hour window.
   */
  async function checkedGuessesPerDay(steps: readonly { waitMs: number; burst: number }[]): Promise<number> {
    const checkedAt: number[] = [];
    for (const { waitMs, burst } of steps) {
      now += waitMs;
      // The whole burst is in flight before any guess has an answer.
      const attempts = await Promise.all(Array.from({ length: burst }, () => policy.beginAttempt('victim')));
      for (const attempt of attempts) {
        if (!attempt.locked) {
          await attempt.failed();
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

  it('holds for the greedy attacker who guesses the moment each lock ends', async () => {
    // Wait exactly as long as the lock says, every time.
    let checked = 0;
    const started = now;
    while (now - started < DAY_MS) {
      const attempt = await policy.beginAttempt('victim');
      if (attempt.locked) now += attempt.retryAfterSeconds * 1000;
      else {
        await attempt.failed();
        checked += 1;
      }
    }
    // Locks of 5, 10, 20, 40, 80, 160 minutes, then 4 hours: eleven runs of five guesses.
    expect(checked).toBe(55);
  });

  it('holds for the patient attacker who stays one guess under the lock and waits between runs', async () => {
    // Four guesses every 15 minutes would be 384 a day if failures were forgotten that fast.
    const steps = Array.from({ length: 200 }, () => ({ waitMs: 15 * MINUTE_MS, burst: 4 }));
    expect(await checkedGuessesPerDay(steps)).toBeLessThanOrEqual(100);
  });

  it('holds whatever the timing and size of the bursts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            // Mostly short waits, where an attacker gains most, with the odd long pause between them.
            waitMs: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 20 * MINUTE_MS }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 6 * HOUR_MS }), weight: 1 }),
            burst: fc.integer({ min: 0, max: 30 }),
          }),
          { minLength: 1, maxLength: 200 },
        ),
        async (steps) => {
          now = 1_700_000_000_000;
          policy = createLockoutPolicy({ ...SETTINGS, store: createMemoryLockoutStore(), clock });
          expect(await checkedGuessesPerDay(steps)).toBeLessThanOrEqual(100);
        },
      ),
      { seed: 20261203, numRuns: 300 },
    );
  });
});

describe('sweep', () => {
  it('deletes names whose failures are forgotten and keeps the rest', async () => {
    await fail('sprayed-1', 1);
    await fail('sprayed-2', 1);
    now += SETTINGS.windowSeconds * 1000 - MINUTE_MS;
    await fail('recent', 1);
    now += MINUTE_MS;
    expect(await policy.sweep()).toBe(2);
    expect(await store.get('sprayed-1')).toBeUndefined();
    expect(await store.get('recent')).toMatchObject({ failures: 1 });
  });

  it('never deletes a lock that is still running', async () => {
    const longLock = createLockoutPolicy({ ...SETTINGS, windowSeconds: 60, lockSeconds: 3600, maxLockSeconds: 3600, store, clock });
    for (let i = 0; i < 5; i++) await longLock.beginAttempt('alice');
    now += 2 * MINUTE_MS;
    expect(await longLock.sweep()).toBe(0);
    expect(await longLock.status('alice')).toMatchObject({ locked: true });
  });
});

describe('createMemoryLockoutStore', () => {
  it('stores copies, so later edits to a state object do not leak in', async () => {
    const memory = createMemoryLockoutStore();
    const state = { failures: 1, lastFailureAtMs: 0, lockedUntilMs: null };
    await memory.update('alice', () => state);
    state.failures = 99;
    expect((await memory.get('alice'))?.failures).toBe(1);
    await memory.update('alice', () => undefined);
    expect(await memory.get('alice')).toBeUndefined();
  });
});
