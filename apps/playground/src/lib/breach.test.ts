import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyStoredValue, readBreach, summarizeBreach } from './breach.ts';

const sha256 = (password: string): string => createHash('sha256').update(password).digest('hex');
const SALT = 'N9qo8uLOickgx2ZMRZoMye';
const HASH = 'IjZAgcfl7p92ldGxad68LJZdL17lhWy';
const BCRYPT = `$2b$12$${SALT}${HASH}`;

describe('classifyStoredValue', () => {
  it('recognises bcrypt, a SHA-256 digest and plain text by their shape', () => {
    expect(classifyStoredValue(BCRYPT)).toBe('bcrypt');
    expect(classifyStoredValue(sha256('hunter2'))).toBe('sha256');
    expect(classifyStoredValue('hunter2')).toBe('plain');
  });

  it('trusts a stage that says it stores plain text, even for a password that looks like a digest', () => {
    expect(classifyStoredValue(sha256('x'), 'plain')).toBe('plain');
  });

  it('calls a value that does not match the stage scheme unknown', () => {
    expect(classifyStoredValue('hunter2', 'bcrypt')).toBe('unknown');
  });
});

describe('readBreach', () => {
  it('reads plain text as is', () => {
    const [alice] = readBreach([{ username: 'alice', stored: 'correct horse' }], { scheme: 'plain' });
    expect(alice?.kind).toBe('plain');
    expect(alice?.reading).toMatch(/^Plain text: readable as is/);
  });

  it('points out users who share an unsalted SHA-256 digest: the same password', () => {
    const users = [
      { username: 'alice', stored: sha256('summer2024') },
      { username: 'bob', stored: sha256('hunter2') },
      { username: 'carol', stored: sha256('summer2024') },
      { username: 'dave', stored: sha256('summer2024') },
    ];
    const [alice, bob, carol] = readBreach(users, { scheme: 'sha256' });
    expect(alice?.sameAs).toEqual(['carol', 'dave']);
    expect(alice?.reading).toBe("Unsalted SHA-256: identical to 2 other users' (carol, dave) — same password; crack one, get all.");
    expect(carol?.sameAs).toEqual(['alice', 'dave']);
    expect(bob?.sameAs).toEqual([]);
    expect(bob?.reading).toMatch(/^Unsalted SHA-256: a wordlist/);
  });

  it('says one other user in the singular', () => {
    const digest = sha256('same');
    const [alice] = readBreach([
      { username: 'alice', stored: digest },
      { username: 'bob', stored: digest },
    ]);
    expect(alice?.reading).toContain("identical to 1 other user's (bob)");
  });

  it('reads the cost and salt out of a bcrypt hash', () => {
    const [alice] = readBreach([{ username: 'alice', stored: BCRYPT }], { scheme: 'bcrypt' });
    expect(alice?.bcrypt).toEqual({ version: '2b', cost: 12, salt: SALT, hash: HASH });
    expect(alice?.reading).toMatch(/^bcrypt, salted, cost 12 \(2\^12 rounds per guess\)/);
  });

  it('keeps the order of the dump', () => {
    const names = readBreach([
      { username: 'zed', stored: 'a' },
      { username: 'amy', stored: 'b' },
    ]).map((reading) => reading.username);
    expect(names).toEqual(['zed', 'amy']);
  });
});

describe('summarizeBreach', () => {
  it('sums up an empty table, plain text, shared digests and bcrypt', () => {
    expect(summarizeBreach([])).toBe('The table is empty.');
    expect(summarizeBreach(readBreach([{ username: 'a', stored: 'pw' }], { scheme: 'plain' }))).toBe('1 user: every password readable as is.');
    const digest = sha256('same');
    const shared = readBreach([
      { username: 'a', stored: digest },
      { username: 'b', stored: digest },
      { username: 'c', stored: sha256('other') },
    ]);
    expect(summarizeBreach(shared)).toBe('3 users: 3 unsalted SHA-256 digests, 2 sharing a value with someone else.');
    expect(summarizeBreach(readBreach([{ username: 'a', stored: BCRYPT }]))).toMatch(/^1 user: all bcrypt/);
  });
});

describe('scheme and parameters per row', () => {
  const ARGON2ID = '$argon2id$v=19$m=19456,t=2,p=1$V2LRqQ5LBE5Ivw1eTNBe4w$1Wr6MfLcWrQp7T2uAzcUQjCyAmMG2KJ/Q/YnCS8NWVE';

  it('names the bcrypt cost each row was hashed at, so a re-hashed row shows its new cost', () => {
    const [old, current] = readBreach([
      { username: 'old', stored: BCRYPT.replace('$12$', '$10$') },
      { username: 'current', stored: BCRYPT },
    ]);
    expect([old?.scheme, current?.scheme]).toEqual(['bcrypt, cost 10', 'bcrypt, cost 12']);
  });

  it("reads Argon2id's memory, passes and lanes", () => {
    const [row] = readBreach([{ username: 'a', stored: ARGON2ID }], { scheme: 'argon2id' });
    expect(row?.kind).toBe('argon2id');
    expect(row?.argon2id).toMatchObject({ memoryKiB: 19456, iterations: 2, parallelism: 1, salt: 'V2LRqQ5LBE5Ivw1eTNBe4w' });
    expect(row?.scheme).toBe('Argon2id, m=19456 KiB (19 MiB), t=2, p=1');
    expect(row?.reading).toMatch(/^Argon2id, salted: every guess needs 19 MiB/);
  });

  it("warns about Argon2id below OWASP's minimum", () => {
    const [row] = readBreach([{ username: 'a', stored: ARGON2ID.replace('m=19456', 'm=1024') }]);
    expect(row?.reading).toMatch(/less memory or fewer passes than OWASP asks/);
  });

  it('names plain text and SHA-256 rows too', () => {
    expect(readBreach([{ username: 'a', stored: 'pw' }], { scheme: 'plain' })[0]?.scheme).toBe('plain text');
    expect(readBreach([{ username: 'a', stored: sha256('pw') }])[0]?.scheme).toBe('SHA-256');
  });

  it('sums up a table of mixed bcrypt costs, and of bcrypt with Argon2id', () => {
    const mixed = readBreach([
      { username: 'a', stored: BCRYPT.replace('$12$', '$10$') },
      { username: 'b', stored: BCRYPT },
    ]);
    expect(summarizeBreach(mixed)).toBe(
      '2 users: all bcrypt, each with its own salt (costs 10 and 12: the cheaper ones are worth guessing first). The attacker has to guess, slowly, one user at a time.',
    );
    const both = readBreach([
      { username: 'a', stored: BCRYPT },
      { username: 'b', stored: ARGON2ID },
    ]);
    expect(summarizeBreach(both)).toMatch(/^2 users: every one a salted slow hash \(1 Argon2id, 1 bcrypt\)/);
  });
});
