import { beforeEach, describe, expect, it } from 'vitest';
import { createLockoutPolicy, createMemoryLockoutStore, type LockoutPolicy } from './lockout.ts';

let now = 0;
const clock = () => now;
let policy: LockoutPolicy;

beforeEach(() => {
  now = 1_700_000_000_000;
  policy = createLockoutPolicy({ maxFailures: 5, windowSeconds: 900, lockSeconds: 300, store: createMemoryLockoutStore(), clock });
});

const fail = (username: string, times: number) => {
  let last = policy.recordFailure(username);
  for (let i = 1; i < times; i++) last = policy.recordFailure(username);
  return last;
};

describe('createLockoutPolicy', () => {
  it('exposes the numbers it was configured with', () => {
    expect(policy).toMatchObject({ maxFailures: 5, windowSeconds: 900, lockSeconds: 300 });
  });

  it('reports an unknown username as not locked', () => {
    expect(policy.status('alice')).toEqual({ locked: false });
  });

  it('does not lock after four failures', () => {
    for (let i = 0; i < 4; i++) expect(policy.recordFailure('alice')).toEqual({ locked: false });
    expect(policy.status('alice')).toEqual({ locked: false });
  });

  it('locks on the fifth failure for lockSeconds', () => {
    fail('alice', 4);
    expect(policy.recordFailure('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
    expect(policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('counts retryAfterSeconds down as the clock moves, rounding up', () => {
    fail('alice', 5);
    now += 60_000;
    expect(policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 240 });
    now += 239_500;
    expect(policy.status('alice')).toEqual({ locked: true, retryAfterSeconds: 1 });
  });

  it('does not extend the lock when failures keep arriving', () => {
    fail('alice', 5);
    now += 100_000;
    expect(policy.recordFailure('alice')).toEqual({ locked: true, retryAfterSeconds: 200 });
  });

  it('unlocks once lockSeconds have passed and starts a fresh count', () => {
    fail('alice', 5);
    now += 300_000;
    expect(policy.status('alice')).toEqual({ locked: false });
    expect(fail('alice', 4)).toEqual({ locked: false });
    expect(policy.recordFailure('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('locks a username that does not exist after the same number of failures', () => {
    expect(fail('no-such-user-7f3a', 4)).toEqual({ locked: false });
    expect(policy.recordFailure('no-such-user-7f3a')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('resets the count after a successful login', () => {
    fail('alice', 4);
    policy.recordSuccess('alice');
    expect(fail('alice', 4)).toEqual({ locked: false });
    expect(policy.recordFailure('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('locks when five failures fall within the window even if minutes apart', () => {
    fail('alice', 1);
    for (let i = 0; i < 3; i++) {
      now += 200_000;
      policy.recordFailure('alice');
    }
    now += 199_000;
    expect(policy.recordFailure('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('does not accumulate failures spread beyond the window', () => {
    fail('alice', 4);
    now += 900_000;
    expect(fail('alice', 4)).toEqual({ locked: false });
    expect(policy.recordFailure('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('keeps counting a slow trickle of failures five minutes apart until it locks', () => {
    for (let i = 0; i < 4; i++) {
      expect(policy.recordFailure('alice')).toEqual({ locked: false });
      now += 300_000;
    }
    expect(policy.recordFailure('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('cannot be dodged by bursts timed around a fixed window boundary', () => {
    fail('alice', 1);
    now += 899_000;
    fail('alice', 3);
    now += 1_000;
    expect(policy.recordFailure('alice')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });

  it('keeps usernames independent', () => {
    fail('alice', 5);
    fail('bob', 4);
    expect(policy.status('alice')).toMatchObject({ locked: true });
    expect(policy.status('bob')).toEqual({ locked: false });
    expect(policy.status('carol')).toEqual({ locked: false });
    expect(policy.recordFailure('bob')).toEqual({ locked: true, retryAfterSeconds: 300 });
  });
});

describe('createMemoryLockoutStore', () => {
  it('stores copies, so later edits to a state object do not leak in', () => {
    const store = createMemoryLockoutStore();
    const state = { failures: 1, lastFailureAtMs: 0, lockedUntilMs: null };
    store.set('alice', state);
    state.failures = 99;
    expect(store.get('alice')?.failures).toBe(1);
    store.delete('alice');
    expect(store.get('alice')).toBeUndefined();
  });
});
