import type { AllowanceMeasurement, LockoutAllowance, RateLimitAllowance } from './allowance.ts';

/**
 * The allowance figures in words, for the attack lab's panel, the CLI and the attacks' verdicts:
 * what got through beside what the policy promises, and the ratio between them. Every number
 * comes from a measurement; none is assumed.
 */

/** `3.0×`: one decimal, so that an exact allowance reads `1.0×` and a small overrun still shows. */
function timesAllowance(counted: number, promised: number): string {
  return `${(counted / promised).toFixed(1)}×`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 'es'}`;
}

/** `15 wrong guesses checked where the lockout promises 5: 3.0× its allowance`. */
export function lockoutOverrun(checked: number, promised: number): string {
  return `${plural(checked, 'wrong guess')} checked where the lockout promises ${promised}: ${timesAllowance(checked, promised)} its allowance`;
}

/** `a minute`, `an hour`, `per 15 minutes`, `per 90 s`. */
function perWindow(windowSeconds: number): string {
  if (windowSeconds === 60) return 'a minute';
  if (windowSeconds === 3600) return 'an hour';
  return windowSeconds % 60 === 0 ? `per ${windowSeconds / 60} minutes` : `per ${windowSeconds} s`;
}

/** What the lockout probe found, including a probe that no lock ended. */
export function describeLockoutAllowance({ checked, promised, endedBy }: LockoutAllowance): string {
  if (endedBy === 423) return lockoutOverrun(checked, promised);
  if (endedBy === 'cap') return `at least ${lockoutOverrun(checked, promised)} or more (no lock came before the probe stopped)`;
  return `${plural(checked, 'wrong guess')} checked, then ${endedBy} instead of the lockout's 423; the lockout promises ${promised}`;
}

/** What the rate-limit probe found, including a probe that no 429 ended. */
export function describeRateLimitAllowance({ answered, promised, windowSeconds, endedBy }: RateLimitAllowance): string {
  const logins = `${answered} login${answered === 1 ? '' : 's'} answered`;
  const promise = `the limit promises ${promised} ${perWindow(windowSeconds)}`;
  if (endedBy === 429) return `${logins} where ${promise}: ${timesAllowance(answered, promised)}`;
  if (endedBy === 'cap') return `at least ${logins} where ${promise}: ${timesAllowance(answered, promised)} or more (no 429 came before the probe stopped)`;
  return `${logins}, then ${endedBy} instead of the limit's 429; ${promise}`;
}

/** One line per probe, lockout first. */
export function describeAllowance(measurement: AllowanceMeasurement): string[] {
  return [
    ...(measurement.lockout ? [describeLockoutAllowance(measurement.lockout)] : []),
    ...(measurement.rateLimit ? [describeRateLimitAllowance(measurement.rateLimit)] : []),
  ];
}
