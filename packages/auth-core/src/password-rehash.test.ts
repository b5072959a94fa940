import { describe, expect, it } from 'vitest';
import { argon2idParametersOf, createArgon2idHasher } from './password-argon2id.ts';
import { bcryptCostOf, createBcryptHasher, createSHA256Hasher } from './password.ts';
import { storedSchemeOf, verifyAndRehash } from './password-rehash.ts';

const PASSWORD = 'correct horse battery';
const ARGON_WEAK = { memoryKiB: 512, iterations: 1, parallelism: 1 };
const ARGON_NOW = { memoryKiB: 1024, iterations: 2, parallelism: 1 };

describe('verifyAndRehash', () => {
  it('upgrades a bcrypt hash of a lower cost once the right password arrives', async () => {
    const stored = await createBcryptHasher({ cost: 4 }).hash(PASSWORD);
    const result = await verifyAndRehash(createBcryptHasher({ cost: 5 }), PASSWORD, stored);
    expect(result.ok).toBe(true);
    const rehashed = result.ok ? result.rehashed : undefined;
    expect(bcryptCostOf(rehashed ?? '')).toBe(5);
    expect(await createBcryptHasher({ cost: 5 }).verify(PASSWORD, rehashed ?? '')).toBe(true);
  });

  it('leaves a bcrypt hash of the current cost alone', async () => {
    const hasher = createBcryptHasher({ cost: 4 });
    const stored = await hasher.hash(PASSWORD);
    expect(await verifyAndRehash(hasher, PASSWORD, stored)).toEqual({ ok: true, rehashed: undefined });
  });

  it('never upgrades on a wrong password: without the password there is nothing to hash', async () => {
    const stored = await createBcryptHasher({ cost: 4 }).hash(PASSWORD);
    expect(await verifyAndRehash(createBcryptHasher({ cost: 5 }), 'wrong password', stored)).toEqual({ ok: false });
  });

  it('upgrades an Argon2id hash made with weaker parameters', async () => {
    const stored = await createArgon2idHasher(ARGON_WEAK).hash(PASSWORD);
    const result = await verifyAndRehash(createArgon2idHasher(ARGON_NOW), PASSWORD, stored);
    expect(result.ok && argon2idParametersOf(result.rehashed ?? '')).toEqual(ARGON_NOW);
  });

  it('refuses a wrong password against a weaker Argon2id hash, upgrading nothing', async () => {
    const stored = await createArgon2idHasher(ARGON_WEAK).hash(PASSWORD);
    expect(await verifyAndRehash(createArgon2idHasher(ARGON_NOW), 'wrong password', stored)).toEqual({ ok: false });
  });

  it('moves a bcrypt hash to Argon2id when bcrypt is listed as a legacy scheme', async () => {
    const stored = await createBcryptHasher({ cost: 4 }).hash(PASSWORD);
    const result = await verifyAndRehash(createArgon2idHasher(ARGON_NOW), PASSWORD, stored, {
      legacy: [createBcryptHasher({ cost: 4 })],
    });
    expect(result.ok && storedSchemeOf(result.rehashed ?? '')).toBe('argon2id');
  });

  it('moves an unsalted SHA-256 digest to bcrypt when SHA-256 is listed as a legacy scheme', async () => {
    const stored = await createSHA256Hasher().hash(PASSWORD);
    const bcrypt = createBcryptHasher({ cost: 4 });
    const result = await verifyAndRehash(bcrypt, PASSWORD, stored, { legacy: [createSHA256Hasher()] });
    expect(result.ok && bcryptCostOf(result.rehashed ?? '')).toBe(4);
    expect(await verifyAndRehash(bcrypt, 'wrong password', stored, { legacy: [createSHA256Hasher()] })).toEqual({ ok: false });
  });

  it('refuses a stored value of a scheme it was not told to accept, even with the right password', async () => {
    const stored = await createSHA256Hasher().hash(PASSWORD);
    expect(await verifyAndRehash(createBcryptHasher({ cost: 4 }), PASSWORD, stored)).toEqual({ ok: false });
  });
});

describe('storedSchemeOf', () => {
  it('names bcrypt, Argon2id and SHA-256 by their shape, and nothing else', async () => {
    expect(storedSchemeOf(await createBcryptHasher({ cost: 4 }).hash('pw'))).toBe('bcrypt');
    expect(storedSchemeOf(await createArgon2idHasher(ARGON_WEAK).hash('pw'))).toBe('argon2id');
    expect(storedSchemeOf(await createSHA256Hasher().hash('pw'))).toBe('sha256');
    expect(storedSchemeOf('hunter2')).toBeUndefined();
  });
});
