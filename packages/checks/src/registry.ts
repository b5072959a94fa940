import type { Check } from './check.ts';
import { accountLockout } from './checks/account-lockout.ts';
import { algNoneRejected } from './checks/alg-none-rejected.ts';
import { cookieFlags } from './checks/cookie-flags.ts';
import { credentialsNotResent } from './checks/credentials-not-resent.ts';
import { equalTiming } from './checks/equal-timing.ts';
import { genericLoginError } from './checks/generic-login-error.ts';
import { csrfProtected } from './checks/csrf-protected.ts';
import { loginRateLimited } from './checks/login-rate-limited.ts';
import { no72ByteTruncation } from './checks/no-72-byte-truncation.ts';
import { noPlaintextStorage } from './checks/no-plaintext-storage.ts';
import { passwordPolicy } from './checks/password-policy.ts';
import { refreshSingleUse } from './checks/refresh-single-use.ts';
import { saltedHash } from './checks/salted-hash.ts';
import { slowHash } from './checks/slow-hash.ts';
import { tamperRejected } from './checks/tamper-rejected.ts';
import { tokenExpires } from './checks/token-expires.ts';
import { CHECK_IDS, type CheckId } from './verdict.ts';

const ALL: readonly Check[] = [
  noPlaintextStorage,
  saltedHash,
  slowHash,
  no72ByteTruncation,
  credentialsNotResent,
  tokenExpires,
  tamperRejected,
  algNoneRejected,
  refreshSingleUse,
  cookieFlags,
  csrfProtected,
  genericLoginError,
  equalTiming,
  accountLockout,
  loginRateLimited,
  passwordPolicy,
];

/** Every check, in CHECK_IDS order. */
export const CHECKS: readonly Check[] = CHECK_IDS.map((id) => {
  const check = ALL.find((candidate) => candidate.id === id);
  if (check === undefined) throw new Error(`no check registered for ${id}`);
  return check;
});

export function getCheck(id: CheckId): Check {
  return CHECKS[CHECK_IDS.indexOf(id)] as Check;
}

export function isCheckId(value: string): value is CheckId {
  return (CHECK_IDS as readonly string[]).includes(value);
}
