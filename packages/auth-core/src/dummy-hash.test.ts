import { describe, expect, it } from 'vitest';
import { createDummyHash } from './dummy-hash.ts';
import { bcryptCostOf, createBcryptHasher, type PasswordHasher } from './password.ts';

/** Wraps a hasher and records every call, so tests see the work done rather than timing it. */
function spyOn(inner: PasswordHasher) {
  const hashed: string[] = [];
  const verified: Array<{ password: string; stored: string }> = [];
  const hasher: PasswordHasher = {
    scheme: inner.scheme,
    async hash(password) {
      hashed.push(password);
      return inner.hash(password);
    },
    async verify(password, stored) {
      verified.push({ password, stored });
      return inner.verify(password, stored);
    },
    needsRehash: (stored) => inner.needsRehash(stored),
  };
  return { hasher, hashed, verified };
}

/** A hasher that says yes to everything: the dummy must still answer false. */
const yesHasher: PasswordHasher = {
  scheme: 'plain',
  hash: async (password) => `hashed:${password}`,
  verify: async () => true,
  needsRehash: () => false,
};

describe('createDummyHash', () => {
  it('resolves to false even when the hasher reports a match', async () => {
    const dummy = createDummyHash(spyOn(yesHasher).hasher);
    await expect(dummy.verifyAgainstDummy('anything')).resolves.toBe(false);
  });

  it('runs a full verify of the attempt against a hash made by the same hasher', async () => {
    const spy = spyOn(yesHasher);
    await createDummyHash(spy.hasher).verifyAgainstDummy('attempt');
    expect(spy.hashed).toHaveLength(1);
    expect(spy.verified).toEqual([{ password: 'attempt', stored: `hashed:${spy.hashed[0]}` }]);
  });

  it('makes the dummy hash as soon as it is created, so the first unknown-user login costs no extra hash', async () => {
    const spy = spyOn(yesHasher);
    const dummy = createDummyHash(spy.hasher);
    expect(spy.hashed).toHaveLength(1);
    await dummy.ready;
    await dummy.verifyAgainstDummy('first');
    expect(spy.hashed).toHaveLength(1);
  });

  it('tries again on the next login when making the dummy hash failed', async () => {
    let calls = 0;
    const flaky: PasswordHasher = {
      scheme: 'plain',
      hash: async (password) => {
        calls += 1;
        if (calls === 1) throw new Error('thread pool busy');
        return `hashed:${password}`;
      },
      verify: async () => true,
      needsRehash: () => false,
    };
    const dummy = createDummyHash(flaky);
    await dummy.ready;
    await expect(dummy.verifyAgainstDummy('x')).resolves.toBe(false);
    expect(calls).toBe(2);
  });

  it('makes the dummy hash once and reuses it for later attempts', async () => {
    const spy = spyOn(yesHasher);
    const dummy = createDummyHash(spy.hasher);
    await dummy.verifyAgainstDummy('one');
    await dummy.verifyAgainstDummy('two');
    await dummy.verifyAgainstDummy('three');
    expect(spy.hashed).toHaveLength(1);
    expect(spy.verified.map((call) => call.password)).toEqual(['one', 'two', 'three']);
    expect(new Set(spy.verified.map((call) => call.stored)).size).toBe(1);
  });

  it('hashes a random password, different for each dummy', async () => {
    const first = spyOn(yesHasher);
    const second = spyOn(yesHasher);
    await createDummyHash(first.hasher).verifyAgainstDummy('x');
    await createDummyHash(second.hasher).verifyAgainstDummy('x');
    expect(first.hashed[0]).not.toBe(second.hashed[0]);
    expect(first.hashed[0]?.length).toBeGreaterThanOrEqual(43);
  });

  it('does real bcrypt work at the same cost as real users and still resolves false', async () => {
    const spy = spyOn(createBcryptHasher({ cost: 4 }));
    const dummy = createDummyHash(spy.hasher);
    await expect(dummy.verifyAgainstDummy('guess')).resolves.toBe(false);
    await expect(dummy.verifyAgainstDummy('')).resolves.toBe(false);
    expect(spy.verified).toHaveLength(2);
    expect(bcryptCostOf(spy.verified[0]?.stored ?? '')).toBe(4);
  });

  it('resolves false even when given the random password the dummy was made from', async () => {
    const spy = spyOn(createBcryptHasher({ cost: 4 }));
    const dummy = createDummyHash(spy.hasher);
    await dummy.verifyAgainstDummy('warm-up');
    const secret = spy.hashed[0] ?? '';
    expect(await spy.hasher.verify(secret, spy.verified[0]?.stored ?? '')).toBe(true);
    await expect(dummy.verifyAgainstDummy(secret)).resolves.toBe(false);
  });
});
