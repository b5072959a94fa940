import type { DummyHash, PasswordHasher } from '@authlab/auth-core';

/**
 * Where a stage's password hashing runs. Locally it simply runs; in a classroom each workspace's
 * hashes take their turn in a queue shared by the class (classroom/fair-queue.ts), so one
 * learner's brute force cannot push every classmate's login behind it.
 */
export type HashScheduler = <T>(work: () => Promise<T>) => Promise<T>;

export const runAtOnce: HashScheduler = (work) => work();

/** The same hasher, with every hash and verification run by `schedule`. */
export function scheduledHasher(hasher: PasswordHasher, schedule: HashScheduler): PasswordHasher {
  return {
    scheme: hasher.scheme,
    ...(hasher.cost === undefined ? {} : { cost: hasher.cost }),
    hash: (password) => schedule(() => hasher.hash(password)),
    verify: (password, stored) => schedule(() => hasher.verify(password, stored)),
    needsRehash: (stored) => hasher.needsRehash(stored),
  };
}

/** The same dummy hash, with each verification against it run by `schedule`. */
export function scheduledDummyHash(dummy: DummyHash, schedule: HashScheduler): DummyHash {
  return { ready: dummy.ready, verifyAgainstDummy: (password) => schedule(() => dummy.verifyAgainstDummy(password)) };
}
