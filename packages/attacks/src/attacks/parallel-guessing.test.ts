import { createStageTarget, type TargetPolicy } from '@authlab/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttackResult, AttackRunOptions } from '../attack.ts';
import { createFakeStage, type FakeLoginAttempt, type FakeStageOptions } from '../test-support/fake-stage.ts';
import { parallelGuessing } from './parallel-guessing.ts';

const MAX_FAILURES = 5;
/** How long the fake takes to check a password: longer than the right password's head start. */
const HASH_MS = 20;
/** Like bcrypt's worker threads: at most this many passwords are checked at a time, the rest wait. */
const HASH_THREADS = 4;
const LOCKOUT_POLICY: TargetPolicy = {
  authentication: 'jwt',
  accessToken: { kind: 'jwt', ttlSeconds: 900 },
  lockout: { maxFailures: MAX_FAILURES, windowSeconds: 86_400, lockSeconds: 300 },
  rateLimit: { limit: 10, windowSeconds: 60 },
};

/** A password check of HASH_MS on one of HASH_THREADS threads, waiting its turn when all are busy. */
function createFakeHasher(): () => Promise<void> {
  let busy = 0;
  const waiting: (() => void)[] = [];
  return async () => {
    if (busy < HASH_THREADS) busy += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    await new Promise((resolve) => setTimeout(resolve, HASH_MS));
    // The thread goes to the next check in line, or is free again.
    const next = waiting.shift();
    if (next) next();
    else busy -= 1;
  };
}

/**
 * A five-failure lockout in front of the fake password check. `countsFirst` is the fix (the
 * attempt is counted as it passes the lock); without it, the failure is counted only once the
 * check has finished: check-then-count.
 */
function fakeLockout(options: { countsFirst: boolean }): (attempt: FakeLoginAttempt) => Promise<number> {
  const hash = createFakeHasher();
  let failures = 0;
  return async ({ password, registeredPassword }) => {
    if (failures >= MAX_FAILURES) return 423;
    if (options.countsFirst) failures += 1;
    await hash();
    if (password === registeredPassword) {
      failures = 0;
      return 200;
    }
    if (!options.countsFirst) failures += 1;
    return 401;
  };
}

/** Answers the right password with 200 and any other with 401, in no time. */
const noLockout = ({ password, registeredPassword }: FakeLoginAttempt): number => (password === registeredPassword ? 200 : 401);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs the attack, moving the fake clock until it is done: no test waits for real milliseconds. */
async function attack(options: FakeStageOptions, runOptions: AttackRunOptions = {}): Promise<{ result: AttackResult; requests: string[] }> {
  const stage = createFakeStage(options);
  let done = false;
  const run = parallelGuessing.run(createStageTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch }), runOptions).finally(() => {
    done = true;
  });
  while (!done) await vi.advanceTimersByTimeAsync(1);
  return { result: await run, requests: stage.requests };
}

describe('parallel guessing', () => {
  it('gets in when nothing locks the account, and records every answer of the burst', async () => {
    const { result, requests } = await attack({ answerLogin: noLockout });
    expect(result).toMatchObject({ status: 'cracked', stoppedBy: 'finished' });
    expect(requests.filter((request) => request === 'POST /login')).toHaveLength(10);
    const points = result.series.attempts;
    expect(points.filter((point) => point.group === 'wrong').map((point) => point.status)).toEqual(Array<number>(9).fill(401));
    expect(points.filter((point) => point.group === 'right').map((point) => point.status)).toEqual([200]);
    expect(result.measurements).toMatchObject({ burstSize: 10, verified: 10, refusedByLock: 0, rightPasswordStatus: 200 });
    expect(result.findings[0]).toMatchObject({ subject: 'alice', value: points.find((point) => point.group === 'right')?.label });
  });

  it('sends the right password last, after the others are on their way', async () => {
    const arrivals: boolean[] = [];
    await attack({
      answerLogin: (guess) => {
        arrivals.push(guess.password === guess.registeredPassword);
        return noLockout(guess);
      },
    });
    expect(arrivals).toEqual([...Array<boolean>(9).fill(false), true]);
  });

  it('guesses through Basic auth on a stage without a login route', async () => {
    const { result, requests } = await attack({ policy: { authentication: 'basic', accessToken: null }, answerLogin: noLockout });
    expect(result.status).toBe('cracked');
    expect(requests.filter((request) => request === 'GET /records')).toHaveLength(10);
  });

  it('is locked out when each guess is counted before its password is checked', async () => {
    const { result } = await attack({ policy: LOCKOUT_POLICY, answerLogin: fakeLockout({ countsFirst: true }) });
    expect(result).toMatchObject({ status: 'locked-out', figure: '5/10 checked' });
    expect(result.measurements).toMatchObject({ verified: 5, refusedByLock: 5, rightPasswordStatus: 423, lockoutThreshold: 5 });
    expect(result.explanation).toContain(
      '5 of the 10 guesses sent at once had their password checked (the lockout allows 5); the rest, the right password among them, got 423',
    );
  });

  it('gets in past a lockout that checks the lock first and counts the failure after', async () => {
    const { result } = await attack({ policy: LOCKOUT_POLICY, answerLogin: fakeLockout({ countsFirst: false }) });
    expect(result.status).toBe('cracked');
    expect(result.measurements).toMatchObject({ verified: 10, refusedByLock: 0, rightPasswordStatus: 200, lockoutThreshold: 5 });
    expect(result.explanation).toContain(
      '10 of the 10 guesses sent at once had their password checked (9 wrong guesses checked where the lockout promises 5: 1.8× its allowance); the right password',
    );
  });

  it('counts a lock that only the right password gets as cracked: the different answer names it', async () => {
    const { result } = await attack({
      policy: LOCKOUT_POLICY,
      answerLogin: ({ password, registeredPassword }) => (password === registeredPassword ? 423 : 401),
    });
    expect(result).toMatchObject({ status: 'cracked', figure: '423 gives it away' });
    expect(result.findings[0]?.detail).toBe('singled out by its 423');
  });

  it('never sends more guesses than the per-client rate limit lets through', async () => {
    const { result, requests } = await attack({
      policy: { ...LOCKOUT_POLICY, lockout: null, rateLimit: { limit: 4, windowSeconds: 60 } },
      answerLogin: noLockout,
    });
    expect(requests.filter((request) => request === 'POST /login')).toHaveLength(4);
    expect(result.measurements).toMatchObject({ burstSize: 4, verified: 4 });
  });

  it('sends only the right password on a budget of one guess, and does not call its lone 423 a give-away', async () => {
    const { result, requests } = await attack({ policy: LOCKOUT_POLICY, answerLogin: () => 423 }, { budget: { maxAttempts: 1 } });
    expect(requests.filter((request) => request === 'POST /login')).toHaveLength(1);
    expect(result).toMatchObject({ status: 'locked-out', stoppedBy: 'budget', measurements: { burstSize: 1, rightPasswordStatus: 423 } });
  });

  it('reports the rate limit when it answers the right password', async () => {
    let answered = 0;
    const { result } = await attack({ answerLogin: () => (++answered > 3 ? 429 : 401) });
    expect(result).toMatchObject({ status: 'rate-limited' });
    expect(result.measurements).toMatchObject({ verified: 3, rateLimited: 7, rightPasswordStatus: 429 });
  });
});
