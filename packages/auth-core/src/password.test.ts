import { describe, expect, it } from 'vitest';
import { BCRYPT_MAX_PASSWORD_BYTES, bcryptCostOf, createBcryptHasher, createPlainHasher, createSHA256Hasher } from './password.ts';

const TEST_COST = 4;

describe('createPlainHasher', () => {
  it('stores the password exactly as typed', async () => {
    const hasher = createPlainHasher();
    expect(hasher.scheme).toBe('plain');
    expect(await hasher.hash('hunter2 Hunter2!')).toBe('hunter2 Hunter2!');
  });

  it('verifies only the exact password', async () => {
    const hasher = createPlainHasher();
    const stored = await hasher.hash('hunter2');
    expect(await hasher.verify('hunter2', stored)).toBe(true);
    expect(await hasher.verify('Hunter2', stored)).toBe(false);
    expect(await hasher.verify('hunter', stored)).toBe(false);
  });
});

describe('createSHA256Hasher', () => {
  it('stores 64 lowercase hex characters (the SHA-256 digest)', async () => {
    const hasher = createSHA256Hasher();
    expect(hasher.scheme).toBe('sha256');
    expect(await hasher.hash('password')).toBe('5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8');
  });

  it('gives equal hashes for equal passwords because there is no salt', async () => {
    const hasher = createSHA256Hasher();
    const first = await hasher.hash('same password');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await hasher.hash('same password')).toBe(first);
    expect(await hasher.hash('same passwore')).not.toBe(first);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = createSHA256Hasher();
    const stored = await hasher.hash('right password');
    expect(await hasher.verify('right password', stored)).toBe(true);
    expect(await hasher.verify('wrong password', stored)).toBe(false);
  });
});

describe('createBcryptHasher', () => {
  it('gives different hashes for the same password because each gets its own salt', async () => {
    const hasher = createBcryptHasher({ cost: TEST_COST });
    const first = await hasher.hash('same password');
    const second = await hasher.hash('same password');
    expect(first).not.toBe(second);
    expect(await hasher.verify('same password', first)).toBe(true);
    expect(await hasher.verify('same password', second)).toBe(true);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = createBcryptHasher({ cost: TEST_COST });
    const stored = await hasher.hash('right password');
    expect(hasher.scheme).toBe('bcrypt');
    expect(await hasher.verify('right password', stored)).toBe(true);
    expect(await hasher.verify('wrong password', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it.each([3, 32, 0, -1, 4.5, 10.1, Number.NaN, Number.POSITIVE_INFINITY])('rejects cost %s', (cost) => {
    expect(() => createBcryptHasher({ cost })).toThrow(RangeError);
  });

  it('accepts the boundary costs 4 and 31 and exposes the cost', () => {
    expect(createBcryptHasher({ cost: 4 }).cost).toBe(4);
    expect(createBcryptHasher({ cost: 31 }).cost).toBe(31);
  });

  it('silently ignores every byte after the 72nd, so two different long passwords match', async () => {
    const hasher = createBcryptHasher({ cost: TEST_COST });
    const prefix = 'a'.repeat(BCRYPT_MAX_PASSWORD_BYTES);
    const stored = await hasher.hash(`${prefix}X`);
    expect(await hasher.verify(`${prefix}Y`, stored)).toBe(true);
    expect(await hasher.verify(prefix, stored)).toBe(true);
  });

  it('still tells passwords apart when they differ within the first 72 bytes', async () => {
    const hasher = createBcryptHasher({ cost: TEST_COST });
    const prefix = 'a'.repeat(BCRYPT_MAX_PASSWORD_BYTES - 1);
    const stored = await hasher.hash(`${prefix}X`);
    expect(await hasher.verify(`${prefix}Y`, stored)).toBe(false);
  });

  it('counts the limit in UTF-8 bytes, not characters', async () => {
    const hasher = createBcryptHasher({ cost: TEST_COST });
    const prefix = '\u00e9'.repeat(36); // 36 characters, 72 bytes
    const stored = await hasher.hash(`${prefix}X`);
    expect(await hasher.verify(`${prefix}Y`, stored)).toBe(true);
  });
});

describe('bcryptCostOf', () => {
  it('reads the cost stored in a hash the bcrypt hasher made', async () => {
    const stored = await createBcryptHasher({ cost: TEST_COST }).hash('pw');
    expect(stored.startsWith('$2b$04$')).toBe(true);
    expect(bcryptCostOf(stored)).toBe(TEST_COST);
  });

  it('parses the cost of a $2b$12$ hash', () => {
    expect(bcryptCostOf('$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy')).toBe(12);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'hunter2'],
    ['a SHA-256 hex digest', '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8'],
    ['a truncated bcrypt hash', '$2b$12$N9qo8uLOickgx2ZMRZoMye'],
    ['a bcrypt hash with an extra character', '$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWyZ'],
    ['an unknown prefix', '$3b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
    ['a one-digit cost', '$2b$4$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
  ])('returns undefined for %s', (_label, stored) => {
    expect(bcryptCostOf(stored)).toBeUndefined();
  });
});

describe('needsRehash', () => {
  const BCRYPT_12 = '$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

  it('asks bcrypt to re-hash a lower cost or another scheme, never a cost as high or higher', () => {
    expect(createBcryptHasher({ cost: 13 }).needsRehash(BCRYPT_12)).toBe(true);
    expect(createBcryptHasher({ cost: 12 }).needsRehash(BCRYPT_12)).toBe(false);
    expect(createBcryptHasher({ cost: 11 }).needsRehash(BCRYPT_12)).toBe(false);
    expect(createBcryptHasher({ cost: 12 }).needsRehash('5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8')).toBe(true);
  });

  it('asks SHA-256 to re-hash only what is not a digest, and plain text never', () => {
    expect(createSHA256Hasher().needsRehash('5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8')).toBe(false);
    expect(createSHA256Hasher().needsRehash(BCRYPT_12)).toBe(true);
    expect(createPlainHasher().needsRehash(BCRYPT_12)).toBe(false);
  });
});
