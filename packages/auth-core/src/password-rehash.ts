import { isSHA256Hex } from '@authlab/contract';
import { argon2idParametersOf } from './password-argon2id.ts';
import { bcryptCostOf, type PasswordHasher, type PasswordScheme } from './password.ts';

/** A login checked against a stored value; `rehashed` is set when that value should be replaced. */
export type RehashResult = { ok: false } | { ok: true; rehashed: string | undefined };

export interface VerifyAndRehashOptions {
  /**
   * Hashers for schemes the table may still hold from before a migration. They only ever
   * verify; a match is re-hashed with the current hasher.
   */
  legacy?: readonly PasswordHasher[];
}

/**
 * Which hashing scheme a stored value's shape says made it. Plain text has no shape, so it
 * is never recognised: a table of plain passwords should be hashed at once, not at each login.
 */
export function storedSchemeOf(stored: string): Exclude<PasswordScheme, 'plain'> | undefined {
  if (bcryptCostOf(stored) !== undefined) return 'bcrypt';
  if (argon2idParametersOf(stored) !== undefined) return 'argon2id';
  if (isSHA256Hex(stored)) return 'sha256';
  return undefined;
}

/**
 * Checks a password against its stored value and, only when it is right and the value is of
 * an older scheme or a lower cost than `hasher`'s, hashes it again the current way. A login
 * is the one moment the server holds the password itself, so it is the only moment it can.
 */
export async function verifyAndRehash(hasher: PasswordHasher, password: string, stored: string, options: VerifyAndRehashOptions = {}): Promise<RehashResult> {
  const outdated = hasher.needsRehash(stored);
  const scheme = storedSchemeOf(stored);
  // Same scheme, however old its cost: the current hasher reads the cost from the value itself.
  const verifier = !outdated || scheme === hasher.scheme ? hasher : options.legacy?.find((legacy) => legacy.scheme === scheme);
  if (verifier === undefined || !(await verifier.verify(password, stored))) return { ok: false };
  return { ok: true, rehashed: outdated ? await hasher.hash(password) : undefined };
}
