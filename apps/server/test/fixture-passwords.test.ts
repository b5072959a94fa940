import { checkPasswordPolicy } from '@authlab/auth-core';
import { randomPassword, randomPasswordOfBytes, randomUsername } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { GOOD_PASSWORD } from './helpers.ts';

/**
 * Stage 6 refuses what its password policy refuses, so every password a test, a practice check
 * or an attack registers with must pass that policy, for whichever name it registers.
 */
const USERNAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'admin', 'root', 'mallory'];

const GENERATORS: Record<string, () => string> = {
  randomPassword,
  'randomPasswordOfBytes(15)': () => randomPasswordOfBytes(15),
  'randomPasswordOfBytes(72)': () => randomPasswordOfBytes(72),
};

describe('the passwords tests and probes register with', () => {
  it.each(Object.entries(GENERATORS))('%s makes 1,000 in a row that the policy accepts', (_name, generate) => {
    for (let n = 0; n < 1_000; n += 1) {
      const password = generate();
      for (const username of [randomUsername(), USERNAMES[n % USERNAMES.length] ?? 'alice']) {
        expect(checkPasswordPolicy(password, { username }), `${password} for ${username}`).toEqual({ ok: true });
      }
    }
  });

  it('makes passwords of exactly the bytes asked for', () => {
    expect([15, 16, 72].map((bytes) => Buffer.byteLength(randomPasswordOfBytes(bytes)))).toEqual([15, 16, 72]);
  });

  it.each([
    ['GOOD_PASSWORD, the server tests', GOOD_PASSWORD],
    ["the playground's default credentials", 'correct-horse-battery-42'],
  ])('accepts %s', (_name, password) => {
    for (const username of USERNAMES) expect(checkPasswordPolicy(password, { username })).toEqual({ ok: true });
  });
});
