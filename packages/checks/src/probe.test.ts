import type { TargetPolicy } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { RunScope } from './probe.ts';

/** A scope as a run leaves it after a reset, with this policy and these requests spent since. */
function scopeAfterReset(policy: TargetPolicy | undefined, spent = { logins: 0, registrations: 0 }): RunScope {
  const scope = new RunScope();
  scope.policy = policy;
  scope.stale = false;
  Object.assign(scope.spent, spent);
  return scope;
}

const LIMITED: TargetPolicy = { rateLimit: { limit: 10, windowSeconds: 60 }, registrationRateLimit: { limit: 10, windowSeconds: 600 } };

describe('RunScope.canShare: may the next check start on the stage as the last one left it', () => {
  it('no, before the first reset', () => {
    const scope = scopeAfterReset({ rateLimit: null });
    scope.stale = true;
    expect(scope.canShare).toBe(false);
  });

  it('no, when the stage publishes no policy: nothing says what counts', () => {
    expect(scopeAfterReset(undefined).canShare).toBe(false);
    expect(scopeAfterReset({}).canShare).toBe(false);
  });

  it('yes, on a stage that publishes no rate limits, however much was spent', () => {
    expect(scopeAfterReset({ rateLimit: null, registrationRateLimit: null }, { logins: 500, registrations: 500 }).canShare).toBe(true);
  });

  it('yes, while each published limit has room for one more check, and no once either would not', () => {
    expect(scopeAfterReset(LIMITED, { logins: 5, registrations: 5 }).canShare).toBe(true);
    expect(scopeAfterReset(LIMITED, { logins: 6, registrations: 0 }).canShare).toBe(false);
    expect(scopeAfterReset(LIMITED, { logins: 0, registrations: 6 }).canShare).toBe(false);
  });

  it('lets even the checks about counters share a stage that publishes no lockout and no rate limit', () => {
    expect(scopeAfterReset({ lockout: null, rateLimit: null, registrationRateLimit: null }).limitFree).toBe(true);
    expect(scopeAfterReset({ lockout: { maxFailures: 5, windowSeconds: 60, lockSeconds: 60 } }).limitFree).toBe(false);
    expect(scopeAfterReset(LIMITED).limitFree).toBe(false);
    expect(scopeAfterReset(undefined).limitFree).toBe(false);
  });
});
