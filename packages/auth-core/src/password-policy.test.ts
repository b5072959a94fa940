import { describe, expect, it } from 'vitest';
import { PASSWORD_POLICY, checkPasswordPolicy, exceedsBcryptLimit } from './password-policy.ts';

const EMOJI = ['🦊', '🐙', '🌵', '🚀', '🎻', '🧭', '🍄', '🛶'];

describe('PASSWORD_POLICY', () => {
  it('requires 8 characters, allows up to 72 bytes and blocks more than 10000 common passwords', () => {
    expect(PASSWORD_POLICY.minLength).toBe(8);
    expect(PASSWORD_POLICY.maxBytes).toBe(72);
    expect(PASSWORD_POLICY.blocklistSize).toBeGreaterThan(10_000);
  });
});

describe('checkPasswordPolicy', () => {
  it.each(['password', 'Password', 'PASSWORD', 'pAsSwOrD', '12345678', 'iloveyou'])(
    'refuses the common password %s whatever its case',
    (password) => {
      expect(checkPasswordPolicy(password)).toMatchObject({ ok: false, code: 'common' });
    },
  );

  it('refuses a 7-character password as too short', () => {
    expect(checkPasswordPolicy('zq8#Lm2')).toMatchObject({ ok: false, code: 'too-short' });
  });

  it('accepts an uncommon 8-character password', () => {
    expect(checkPasswordPolicy('zq8#Lm2v')).toEqual({ ok: true });
  });

  it('accepts "correct horse battery staple"', () => {
    expect(checkPasswordPolicy('correct horse battery staple')).toEqual({ ok: true });
  });

  it('accepts a 64-character ASCII passphrase without composition rules', () => {
    const passphrase = 'tangerine submarine whistles quietly under eleven lighthouses ok';
    expect(passphrase).toHaveLength(64);
    expect(checkPasswordPolicy(passphrase)).toEqual({ ok: true });
  });

  it('counts each emoji as one character, so 8 emoji are long enough', () => {
    const password = EMOJI.join('');
    expect(password).toHaveLength(16); // UTF-16 units
    expect(Buffer.byteLength(password)).toBe(32);
    expect(checkPasswordPolicy(password)).toEqual({ ok: true });
  });

  it('refuses 7 emoji as too short even though they are 14 UTF-16 units', () => {
    expect(checkPasswordPolicy(EMOJI.slice(0, 7).join(''))).toMatchObject({ ok: false, code: 'too-short' });
  });

  it('accepts exactly 72 bytes of ASCII', () => {
    expect(checkPasswordPolicy('k'.repeat(71) + '!')).toEqual({ ok: true });
  });

  it('refuses 73 bytes of ASCII as too long, since bcrypt would ignore the rest', () => {
    expect(checkPasswordPolicy('k'.repeat(72) + '!')).toMatchObject({ ok: false, code: 'too-long' });
  });

  it('measures the limit in UTF-8 bytes: 19 emoji are 76 bytes and too long', () => {
    const password = [...EMOJI, ...EMOJI, ...EMOJI.slice(0, 3)].join('');
    expect([...password]).toHaveLength(19);
    expect(checkPasswordPolicy(password)).toMatchObject({ ok: false, code: 'too-long' });
  });

  it('refuses a password containing the username, ignoring case', () => {
    expect(checkPasswordPolicy('MyAliceRocks2024', { username: 'alice' })).toMatchObject({
      ok: false,
      code: 'contains-username',
    });
    expect(checkPasswordPolicy('zq8#Lm2v-bob', { username: 'BOB' })).toMatchObject({ ok: false, code: 'contains-username' });
  });

  it('accepts the same password for a user whose name it does not contain', () => {
    expect(checkPasswordPolicy('MyAliceRocks2024', { username: 'bob' })).toEqual({ ok: true });
  });

  it('explains every refusal with a message', () => {
    for (const password of ['short', 'x'.repeat(73), 'password', 'alice-in-chains'] as const) {
      const result = checkPasswordPolicy(password, { username: 'alice' });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message.length).toBeGreaterThan(10);
    }
  });
});

describe('exceedsBcryptLimit', () => {
  it('is false up to 72 bytes and true from 73', () => {
    expect(exceedsBcryptLimit('')).toBe(false);
    expect(exceedsBcryptLimit('a'.repeat(72))).toBe(false);
    expect(exceedsBcryptLimit('a'.repeat(73))).toBe(true);
  });

  it('counts UTF-8 bytes: 24 euro signs are 72 bytes, 25 are too many', () => {
    expect(exceedsBcryptLimit('€'.repeat(24))).toBe(false);
    expect(exceedsBcryptLimit('€'.repeat(25))).toBe(true);
  });
});
