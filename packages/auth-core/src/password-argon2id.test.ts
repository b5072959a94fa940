import { describe, expect, it } from 'vitest';
import { OWASP_ARGON2ID, argon2idParametersOf, createArgon2idHasher } from './password-argon2id.ts';

// Small enough to keep the suite fast; the OWASP defaults get one test of their own.
const FAST = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
const SAMPLE = '$argon2id$v=19$m=19456,t=2,p=1$V2LRqQ5LBE5Ivw1eTNBe4w$1Wr6MfLcWrQp7T2uAzcUQjCyAmMG2KJ/Q/YnCS8NWVE';

describe('OWASP_ARGON2ID', () => {
  it('is the cheat sheet summary configuration: 19 MiB, 2 iterations, 1 lane', () => {
    expect(OWASP_ARGON2ID).toEqual({ memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 });
    expect(Object.isFrozen(OWASP_ARGON2ID)).toBe(true);
  });
});

describe('createArgon2idHasher', () => {
  it('uses the OWASP parameters unless told otherwise, and writes them into the hash', async () => {
    const hasher = createArgon2idHasher();
    expect(hasher.scheme).toBe('argon2id');
    expect(hasher.argon2id).toEqual(OWASP_ARGON2ID);
    const stored = await hasher.hash('correct horse');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(argon2idParametersOf(stored)).toEqual(OWASP_ARGON2ID);
  });

  it('gives different hashes for the same password because each gets its own salt', async () => {
    const hasher = createArgon2idHasher(FAST);
    const first = await hasher.hash('same password');
    const second = await hasher.hash('same password');
    expect(first).not.toBe(second);
    expect(await hasher.verify('same password', first)).toBe(true);
    expect(await hasher.verify('same password', second)).toBe(true);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = createArgon2idHasher(FAST);
    const stored = await hasher.hash('right password');
    expect(await hasher.verify('right password', stored)).toBe(true);
    expect(await hasher.verify('wrong password', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('reads every byte of a long password, unlike bcrypt', async () => {
    const hasher = createArgon2idHasher(FAST);
    const prefix = 'a'.repeat(100);
    const stored = await hasher.hash(`${prefix}X`);
    expect(await hasher.verify(`${prefix}Y`, stored)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, not its own', async () => {
    const stored = await createArgon2idHasher({ ...FAST, memoryKiB: 2048, iterations: 2 }).hash('pw');
    expect(await createArgon2idHasher(FAST).verify('pw', stored)).toBe(true);
  });

  it('refuses values that are not Argon2id without asking the binding', async () => {
    const hasher = createArgon2idHasher(FAST);
    expect(await hasher.verify('pw', 'pw')).toBe(false);
    expect(await hasher.verify('pw', '$2b$04$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy')).toBe(false);
    expect(await hasher.verify('pw', SAMPLE.replace('argon2id', 'argon2i'))).toBe(false);
  });

  it.each([
    ['no memory', { memoryKiB: 0 }],
    ['less than 8 KiB per lane', { memoryKiB: 15, parallelism: 2 }],
    ['zero iterations', { iterations: 0 }],
    ['fractional iterations', { iterations: 1.5 }],
    ['256 lanes', { parallelism: 256, memoryKiB: 8 * 256 }],
  ])('rejects %s', (_label, options) => {
    expect(() => createArgon2idHasher(options)).toThrow(RangeError);
  });

  describe('needsRehash', () => {
    const hasher = createArgon2idHasher(OWASP_ARGON2ID);

    it('is false for a hash made with the same parameters', () => {
      expect(hasher.needsRehash(SAMPLE)).toBe(false);
    });

    it('is true for less memory or fewer iterations', () => {
      expect(hasher.needsRehash(SAMPLE.replace('m=19456', 'm=9216'))).toBe(true);
      expect(hasher.needsRehash(SAMPLE.replace('t=2', 't=1'))).toBe(true);
    });

    it('is false for stronger parameters: a login never weakens a hash', () => {
      expect(hasher.needsRehash(SAMPLE.replace('m=19456', 'm=47104'))).toBe(false);
      expect(hasher.needsRehash(SAMPLE.replace('t=2', 't=3'))).toBe(false);
    });

    it('is true for any other scheme', () => {
      expect(hasher.needsRehash('$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy')).toBe(true);
      expect(hasher.needsRehash('5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8')).toBe(true);
      expect(hasher.needsRehash('hunter2')).toBe(true);
    });
  });
});

describe('argon2idParametersOf', () => {
  it('reads m, t and p out of a stored Argon2id hash', () => {
    expect(argon2idParametersOf(SAMPLE)).toEqual({ memoryKiB: 19456, iterations: 2, parallelism: 1 });
    expect(argon2idParametersOf(SAMPLE.replace('m=19456,t=2,p=1', 'm=65536,t=3,p=4'))).toEqual({
      memoryKiB: 65536,
      iterations: 3,
      parallelism: 4,
    });
  });

  it.each([
    ['an empty string', ''],
    ['a bcrypt hash', '$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
    ['Argon2i', SAMPLE.replace('$argon2id$', '$argon2i$')],
    ['Argon2d', SAMPLE.replace('$argon2id$', '$argon2d$')],
    ['the old version 16', SAMPLE.replace('v=19', 'v=16')],
    ['parameters in another order', SAMPLE.replace('m=19456,t=2,p=1', 't=2,m=19456,p=1')],
    ['zero memory', SAMPLE.replace('m=19456', 'm=0')],
    ['a missing hash', SAMPLE.slice(0, SAMPLE.lastIndexOf('$'))],
    ['a trailing character', `${SAMPLE}!`],
  ])('returns undefined for %s', (_label, stored) => {
    expect(argon2idParametersOf(stored)).toBeUndefined();
  });
});
