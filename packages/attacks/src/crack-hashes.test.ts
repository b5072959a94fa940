import { createHash } from 'node:crypto';
import { hashSync } from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { crackSlowHashes, crackSHA256, sha256Hex, sharedValues } from './crack-hashes.ts';

const WORDS = ['123456', 'password', 'dragon', 'letmein', 'monkey', 'sunshine'];
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('matches Node’s SHA-256, unicode included', async () => {
    for (const text of ['', 'dragon', 'pässwörd 🔐']) expect(await sha256Hex(text)).toBe(sha256(text));
  });
});

describe('crackSHA256', () => {
  it('cracks every digest whose password is in the list, with its rank, in one pass over the words', async () => {
    const stored = new Map([
      ['alice', sha256('letmein')],
      ['bob', sha256('letmein')],
      ['carol', sha256('dragon')],
    ]);
    const run = await crackSHA256(stored, WORDS);
    expect(run.cracked).toEqual([
      { username: 'carol', password: 'dragon', rank: 2 },
      { username: 'alice', password: 'letmein', rank: 3 },
      { username: 'bob', password: 'letmein', rank: 3 },
    ]);
    // It stops as soon as everyone is cracked: 4 words hashed, not 6.
    expect(run.hashes).toBe(4);
    expect(run.exhausted).toBe(false);
  });

  it('tries the whole list and reports who is left when a password is not in it', async () => {
    const run = await crackSHA256(new Map([['dave', sha256('quartz-7f1c-meadow')]]), WORDS);
    expect(run.cracked).toEqual([]);
    expect(run.hashes).toBe(WORDS.length);
    expect(run.exhausted).toBe(true);
  });
});

describe('sharedValues', () => {
  it('groups users whose stored values are equal', () => {
    const stored = new Map([
      ['alice', 'aa'],
      ['bob', 'aa'],
      ['carol', 'cc'],
    ]);
    expect(sharedValues(stored)).toEqual([['alice', 'bob']]);
  });
});

describe('crackSlowHashes', () => {
  // Cost 4 keeps the test fast; the lab itself runs at 10 and more.
  const stored = new Map([
    ['alice', hashSync('dragon', 4)],
    ['bob', hashSync('quartz-7f1c-meadow', 4)],
  ]);

  it('hashes every word again for every salt, in wordlist order', async () => {
    const run = await crackSlowHashes(stored, WORDS);
    expect(run.cracked).toEqual([{ username: 'alice', password: 'dragon', rank: 2 }]);
    // alice: 3 words; bob: all 6, since his salt is his own.
    expect(run.hashes).toBe(3 + WORDS.length);
    expect(run.exhausted).toBe(true);
  });

  it('stops at its hash budget', async () => {
    const run = await crackSlowHashes(stored, WORDS, { maxHashes: 3 });
    expect(run.hashes).toBe(3);
    expect(run.cracked).toEqual([]);
    expect(run.exhausted).toBe(false);
  });

  it.each(['$2a$', '$2b$', '$2y$'])('reads %s hashes, whichever bcrypt made them', async (prefix) => {
    const hash = `${prefix}${hashSync('monkey', 4).slice(4)}`;
    const run = await crackSlowHashes(new Map([['erin', hash]]), WORDS);
    expect(run.cracked).toEqual([{ username: 'erin', password: 'monkey', rank: 4 }]);
  });

  it('gives up at once when the signal is aborted', async () => {
    await expect(crackSlowHashes(stored, WORDS, { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  // Made by the server's native binding (@node-rs/argon2) at a tiny cost, so the JS cracker is checked against it.
  const ARGON2ID_DRAGON = '$argon2id$v=19$m=256,t=1,p=1$z/LQQ6qqLb92trWb3jmWsg$ThloPhxZxVWPE9yM+62IaO8wOGUOC9CF20ID4iZmZ2M';
  const ARGON2ID_UNLISTED = '$argon2id$v=19$m=256,t=1,p=1$CemdwNDCrp2m8u3ytQQjUg$qLSBaXAJjPOi9fehjFfhjLqCsiBODWmmafNZXnkUgm8';

  it('cracks Argon2id hashes from the server, and a table mixing them with bcrypt', async () => {
    const mixed = new Map([
      ['carol', ARGON2ID_DRAGON],
      ['dave', ARGON2ID_UNLISTED],
      ['erin', hashSync('monkey', 4)],
    ]);
    const run = await crackSlowHashes(mixed, WORDS);
    expect(run.cracked).toEqual([
      { username: 'carol', password: 'dragon', rank: 2 },
      { username: 'erin', password: 'monkey', rank: 4 },
    ]);
    expect(run.exhausted).toBe(true);
  });
});
