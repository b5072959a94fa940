/** Every practice check, in the order a learner meets the mistakes. */
export const CHECK_IDS = [
  'no-plaintext-storage',
  'salted-hash',
  'slow-hash',
  'no-72-byte-truncation',
  'credentials-not-resent',
  'token-expires',
  'tamper-rejected',
  'alg-none-rejected',
  'refresh-single-use',
  'cookie-flags',
  'csrf-protected',
  'generic-login-error',
  'equal-timing',
  'account-lockout',
  'login-rate-limited',
  'password-policy',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/** `n/a` when the stage lacks the feature the check is about (no JWTs, no refresh tokens). */
export const CHECK_STATUSES = ['pass', 'fail', 'n/a'] as const;

export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** What a stage claims every check will say about it: its expected profile. */
export type ExpectedProfile = Readonly<Record<CheckId, CheckStatus>>;

export function isCheckId(value: string): value is CheckId {
  return (CHECK_IDS as readonly string[]).includes(value);
}
