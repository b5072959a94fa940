import { CHECK_IDS, type CheckId } from '@authlab/contract';
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

/** One check per id: leaving a check out, or naming an id twice, is a compile error. */
const BY_ID = {
  'no-plaintext-storage': noPlaintextStorage,
  'salted-hash': saltedHash,
  'slow-hash': slowHash,
  'no-72-byte-truncation': no72ByteTruncation,
  'credentials-not-resent': credentialsNotResent,
  'token-expires': tokenExpires,
  'tamper-rejected': tamperRejected,
  'alg-none-rejected': algNoneRejected,
  'refresh-single-use': refreshSingleUse,
  'cookie-flags': cookieFlags,
  'csrf-protected': csrfProtected,
  'generic-login-error': genericLoginError,
  'equal-timing': equalTiming,
  'account-lockout': accountLockout,
  'login-rate-limited': loginRateLimited,
  'password-policy': passwordPolicy,
} as const satisfies Record<CheckId, Check>;

/** Every check, in CHECK_IDS order. */
export const CHECKS: readonly Check[] = CHECK_IDS.map((id) => BY_ID[id]);

export function getCheck(id: CheckId): Check {
  return BY_ID[id];
}
