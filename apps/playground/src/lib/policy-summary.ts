/** The stage's numbers as the server states them, in the words the policy chips show. Pure, tested beside this file. */
import type { StagePolicy } from '@authlab/contract';

/** `5 min`, `4 h`, `1 d`: the largest unit that divides the duration evenly. */
export function formatSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** `5 failures → 5 min, doubling up to 4 h`: a lock that grows tells the class why guessing on gets slower. */
function lockoutChip(lockout: NonNullable<StagePolicy['lockout']>): string {
  const first = `Lockout: ${lockout.maxFailures} failures → ${formatSeconds(lockout.lockSeconds)}`;
  return lockout.maxLockSeconds > lockout.lockSeconds ? `${first}, doubling up to ${formatSeconds(lockout.maxLockSeconds)}` : first;
}

/** `Cookie: HttpOnly, SameSite=Strict, other sites refused`: what decides whether another site can use the session. */
function cookieChip(cookie: NonNullable<StagePolicy['cookieSession']>): string {
  const readable = cookie.httpOnly ? 'HttpOnly' : 'readable by scripts';
  const guard = cookie.csrfDefence === 'none' ? 'any site may post' : 'other sites refused';
  return `Cookie: ${readable}, SameSite=${cookie.sameSite}, ${guard}`;
}

export function policyChips(policy: StagePolicy): string[] {
  const storage = policy.passwordStorage;
  const token = policy.accessToken;
  return [
    `Storage: ${storage.scheme}${storage.cost === null ? '' : ` cost ${storage.cost}`}${storage.salted ? ', salted' : ', no salt'}`,
    token ? `Token: ${token.kind}${token.ttlSeconds === null ? ', never expires' : `, ${formatSeconds(token.ttlSeconds)}`}` : 'No token: password on every request',
    `Login errors: ${policy.loginErrors}`,
    policy.lockout ? lockoutChip(policy.lockout) : 'No lockout',
    policy.rateLimit ? `Rate limit: ${policy.rateLimit.limit} logins / ${formatSeconds(policy.rateLimit.windowSeconds)} per IP` : 'No rate limit',
    // Only where there is one: stages without it already say "No rate limit".
    ...(policy.cookieSession ? [cookieChip(policy.cookieSession)] : []),
    ...(policy.registrationRateLimit
      ? [`Registration limit: ${policy.registrationRateLimit.limit} sign-ups / ${formatSeconds(policy.registrationRateLimit.windowSeconds)} per IP`]
      : []),
  ];
}
