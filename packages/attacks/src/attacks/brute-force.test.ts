import { createStageTarget, type TargetPolicy } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { createFakeStage, type FakeLoginAttempt } from '../test-support/fake-stage.ts';
import { bruteForce } from './brute-force.ts';

const LOCKOUT_POLICY: TargetPolicy = {
  authentication: 'jwt',
  accessToken: { kind: 'jwt', ttlSeconds: 900 },
  lockout: { maxFailures: 5, windowSeconds: 86_400, lockSeconds: 300 },
  rateLimit: { limit: 10, windowSeconds: 60 },
};

/** A lockout that never answers, as one counting in the memory of many processes would for a while. */
const neverLocks = ({ password, registeredPassword }: FakeLoginAttempt): number => (password === registeredPassword ? 200 : 401);

async function crack(policy: TargetPolicy | undefined): Promise<string> {
  const stage = createFakeStage({ ...(policy ? { policy } : {}), answerLogin: neverLocks });
  const result = await bruteForce.run(createStageTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch }));
  expect(result).toMatchObject({ status: 'cracked', measurements: { attempts: 10, failuresBeforeCutOff: 9 } });
  return result.explanation;
}

describe('brute force', () => {
  it('says how many wrong guesses were checked against what the lockout promises, when it got past one', async () => {
    expect(await crack(LOCKOUT_POLICY)).toContain('9 wrong guesses checked where the lockout promises 5: 1.8× its allowance.');
  });

  it('says so too when the lock came, but later than the lockout promises', async () => {
    let failures = 0;
    const stage = createFakeStage({ policy: LOCKOUT_POLICY, answerLogin: () => (++failures > 15 ? 423 : 401) });
    const result = await bruteForce.run(createStageTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch }));
    expect(result).toMatchObject({ status: 'locked-out', measurements: { failuresBeforeCutOff: 15 } });
    expect(result.explanation).toContain('answered 423 (account locked). 15 wrong guesses checked where the lockout promises 5: 3.0× its allowance.');
  });

  it('says nothing of an overrun when the lock came on time', async () => {
    let failures = 0;
    const stage = createFakeStage({ policy: LOCKOUT_POLICY, answerLogin: () => (++failures > 5 ? 423 : 401) });
    const result = await bruteForce.run(createStageTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch }));
    expect(result.explanation).not.toContain('lockout promises');
  });

  it('says nothing of a lockout the stage does not have', async () => {
    expect(await crack(undefined)).not.toContain('lockout');
  });

  it('says nothing of a lockout whose threshold the crack stayed within', async () => {
    expect(await crack({ ...LOCKOUT_POLICY, lockout: { maxFailures: 20, windowSeconds: 60, lockSeconds: 60 } })).not.toContain('lockout promises');
  });
});
