import { describe, expect, it } from 'vitest';
import { OWASP_ARGON2ID, OWASP_ARGON2_MINIMUMS, describeArgon2, meetsOWASPMinimum, parseArgon2 } from './argon2.ts';

const SALT = 'V2LRqQ5LBE5Ivw1eTNBe4w';
const HASH = '1Wr6MfLcWrQp7T2uAzcUQjCyAmMG2KJ/Q/YnCS8NWVE';

describe('parseArgon2', () => {
  it('splits a PHC string into variant, version, parameters, salt and hash', () => {
    expect(parseArgon2(`$argon2id$v=19$m=19456,t=2,p=1$${SALT}$${HASH}`)).toEqual({
      variant: 'argon2id',
      version: 19,
      memoryKiB: 19456,
      iterations: 2,
      parallelism: 1,
      salt: SALT,
      hash: HASH,
    });
  });

  it('reads the original version 16, which wrote no v= field', () => {
    expect(parseArgon2(`$argon2i$m=4096,t=3,p=1$${SALT}$${HASH}`)).toMatchObject({ variant: 'argon2i', version: 16 });
  });

  it.each([
    ['bcrypt', '$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
    ['a missing salt', `$argon2id$v=19$m=19456,t=2,p=1$${HASH}`],
    ['zero passes', `$argon2id$v=19$m=19456,t=0,p=1$${SALT}$${HASH}`],
    ['an unknown variant', `$argon2x$v=19$m=19456,t=2,p=1$${SALT}$${HASH}`],
  ])('returns undefined for %s', (_label, stored) => {
    expect(parseArgon2(stored)).toBeUndefined();
  });
});

describe('meetsOWASPMinimum and describeArgon2', () => {
  const parts = (memoryKiB: number, iterations: number) => ({ variant: 'argon2id', version: 19, memoryKiB, iterations, parallelism: 1, salt: SALT, hash: HASH }) as const;

  it('needs as much memory and as many passes as one whole OWASP setting, not a mix', () => {
    expect(meetsOWASPMinimum(parts(19456, 2))).toBe(true);
    expect(meetsOWASPMinimum(parts(19455, 2))).toBe(false);
    // 46 MiB would do with one pass, 5 passes with 7 MiB: 7 MiB and 1 pass takes the small half of each.
    expect(meetsOWASPMinimum(parts(7168, 1))).toBe(false);
  });

  it('names the memory in KiB and MiB', () => {
    expect(describeArgon2(parts(19456, 2))).toBe('Argon2id, m=19456 KiB (19 MiB), t=2, p=1');
  });
});

describe('OWASP_ARGON2ID', () => {
  it('is the second of the five equal minimums, the one the summary names', () => {
    expect(OWASP_ARGON2_MINIMUMS[1]).toMatchObject(OWASP_ARGON2ID);
  });
});
