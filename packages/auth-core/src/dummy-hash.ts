import { randomBytes } from 'node:crypto';
import type { PasswordHasher } from './password.ts';

/**
 * A real hash of a random password, made with the same hasher (and so the same bcrypt cost)
 * as real users. Verifying an unknown user's attempt against it costs exactly as long as
 * verifying a known user's, so response time does not reveal which usernames exist.
 */
export interface DummyHash {
  /** Resolves once the dummy hash exists; a server waits for it before it listens. */
  readonly ready: Promise<void>;
  /** Always resolves to false, after doing a full verification's work. */
  verifyAgainstDummy(password: string): Promise<false>;
}

export function createDummyHash(hasher: PasswordHasher): DummyHash {
  // Made at once, not on the first unknown-user login: that login would take twice as long as
  // every later one, and the difference alone would say the name does not exist.
  let dummy = makeDummy();
  function makeDummy(): Promise<string> {
    return hasher.hash(randomBytes(32).toString('base64url'));
  }
  const ready = dummy.then(
    () => undefined,
    () => undefined, // a failure surfaces on first use, which tries again
  );
  return {
    ready,
    async verifyAgainstDummy(password) {
      const stored = await dummy.catch(() => (dummy = makeDummy()));
      await hasher.verify(password, stored);
      return false;
    },
  };
}
