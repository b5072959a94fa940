import { dictionary } from '@zxcvbn-ts/language-common';
import { BCRYPT_MAX_PASSWORD_BYTES } from './password.ts';

/** The numbers a stage reports in its `policy`. */
export interface PasswordPolicyRules {
  minLength: number;
  maxBytes: number;
  blocklistSize: number;
}

export type PasswordPolicyResult =
  | { ok: true }
  | { ok: false; code: 'too-short' | 'too-long' | 'common' | 'contains-username'; message: string };

const MIN_PASSWORD_LENGTH = 8;

/**
 * Passwords that appear in real breach corpora, from zxcvbn-ts's ranked list. Only those that
 * pass the length rule matter; attackers try them first, so we refuse them.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  dictionary['passwords-common']
    .map((password) => password.toLowerCase())
    .filter((password) => [...password].length >= MIN_PASSWORD_LENGTH),
);

export const PASSWORD_POLICY: PasswordPolicyRules = {
  minLength: MIN_PASSWORD_LENGTH,
  // Longer passwords would be silently cut by bcrypt, so two different ones could both log in.
  maxBytes: BCRYPT_MAX_PASSWORD_BYTES,
  blocklistSize: COMMON_PASSWORDS.size,
};

/**
 * NIST SP 800-63B style: a length floor, room for long passphrases, a blocklist of known
 * passwords, and no composition rules ("one digit, one symbol"), which only push people
 * towards predictable patterns like `Password1!`.
 */
export function checkPasswordPolicy(password: string, context: { username?: string } = {}): PasswordPolicyResult {
  // Count code points, not UTF-16 units, so an emoji counts as one character.
  if ([...password].length < PASSWORD_POLICY.minLength) {
    return { ok: false, code: 'too-short', message: `Password must be at least ${PASSWORD_POLICY.minLength} characters` };
  }
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_POLICY.maxBytes) {
    return { ok: false, code: 'too-long', message: `Password must be at most ${PASSWORD_POLICY.maxBytes} bytes in UTF-8` };
  }
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) {
    return { ok: false, code: 'common', message: 'Password is too common: it appears in lists attackers try first' };
  }
  // Only meaningful for real names: a one-letter name would forbid nearly every password.
  const username = context.username?.toLowerCase() ?? '';
  if (username.length >= 3 && lowered.includes(username)) {
    return { ok: false, code: 'contains-username', message: 'Password must not contain the username' };
  }
  return { ok: true };
}

/** True when bcrypt would ignore part of this password. */
export function exceedsBcryptLimit(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_PASSWORD_BYTES;
}
