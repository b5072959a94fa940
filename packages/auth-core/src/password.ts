import { createHash } from 'node:crypto';
import { isSHA256Hex, parseBcrypt } from '@authlab/contract';
import bcrypt from 'bcrypt';
import { timingSafeEqualStrings } from './timing.ts';

export type PasswordScheme = 'plain' | 'sha256' | 'bcrypt' | 'argon2id';

/** Turns a password into the value a stage stores, and checks a login attempt against it. */
export interface PasswordHasher {
  readonly scheme: PasswordScheme;
  /** bcrypt's work factor (log2 rounds); absent for schemes without one. */
  readonly cost?: number;
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /**
   * True when `stored` was made by another scheme, or by this one with less work than this
   * hasher does now: the value to replace the next time its owner logs in.
   */
  needsRehash(stored: string): boolean;
}

/** The lowest bcrypt cost AuthLab accepts outside tests. */
export const MIN_BCRYPT_COST = 10;
/** bcrypt only ever reads this many bytes of a password. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;

/** Stores the password exactly as typed: one database leak exposes every account. */
export function createPlainHasher(): PasswordHasher {
  return {
    scheme: 'plain',
    async hash(password) {
      return password;
    },
    async verify(password, stored) {
      return timingSafeEqualStrings(password, stored);
    },
    // Plain text has no parameters to fall behind, and nothing to upgrade to.
    needsRehash: () => false,
  };
}

/**
 * Unsalted SHA-256: equal passwords give equal hashes, and a GPU tries billions a second.
 * Fine for file checksums, wrong for passwords.
 */
export function createSHA256Hasher(): PasswordHasher {
  const sha256Hex = (password: string): string => createHash('sha256').update(password, 'utf8').digest('hex');
  return {
    scheme: 'sha256',
    async hash(password) {
      return sha256Hex(password);
    },
    async verify(password, stored) {
      return timingSafeEqualStrings(sha256Hex(password), stored);
    },
    needsRehash: (stored) => !isSHA256Hex(stored),
  };
}

export interface BcryptHasherOptions {
  /** log2 of the key-expansion rounds: every +1 doubles the work for us and for an attacker. */
  cost: number;
}

/**
 * bcrypt: a random salt per password and a tunable, deliberately slow work factor.
 * Only the async API is used, so hashing runs on libuv's thread pool instead of blocking requests.
 */
export function createBcryptHasher(options: BcryptHasherOptions): PasswordHasher {
  const { cost } = options;
  // bcrypt itself accepts 4..31; tests pass 4 for speed, production refuses less than MIN_BCRYPT_COST.
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) {
    throw new RangeError(`bcrypt cost must be an integer from 4 to 31, got ${cost}`);
  }
  return {
    scheme: 'bcrypt',
    cost,
    hash(password) {
      return bcrypt.hash(password, cost);
    },
    verify(password, stored) {
      return bcrypt.compare(password, stored);
    },
    needsRehash(stored) {
      const storedCost = bcryptCostOf(stored);
      return storedCost === undefined || storedCost < cost;
    },
  };
}

/** Reads the cost out of a stored bcrypt hash such as `$2b$12$...`, or undefined if it is not one. */
export function bcryptCostOf(stored: string): number | undefined {
  return parseBcrypt(stored)?.cost;
}
