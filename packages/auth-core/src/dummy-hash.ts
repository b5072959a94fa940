import { randomBytes } from 'node:crypto';
import type { PasswordHasher } from './password.ts';

/**
 * A real hash of a random password, made with the same hasher (and so the same bcrypt cost)
 * as real users. Verifying an unknown user's attempt against it costs exactly as long as
 * verifying a known user's, so response time does not reveal which usernames exist.
 */
export interface DummyHash {
  /** Always resolves to false, after doing a full verification's work. */
  verifyAgainstDummy(password: string): Promise<false>;
}

export function createDummyHash(hasher: PasswordHasher): DummyHash {
  // Made once, lazily: the first unknown-user login pays for it, later ones reuse it.
  let dummy: Promise<string> | undefined;
  return {
    async verifyAgainstDummy(password) {
      dummy ??= hasher.hash(randomBytes(32).toString('base64url')).catch((error: unknown) => {
        dummy = undefined; // let the next call try again rather than fail forever
        throw error;
      });
      await hasher.verify(password, await dummy);
      return false;
    },
  };
}
