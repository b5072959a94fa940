import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, createTestApp, getRecords, login, register, type TestApp } from '../helpers.ts';

/** Stage 2 is insecure on purpose: a fast hash without a salt. */
const STAGE = 'sha256';

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

const sha256Hex = (password: string): string => createHash('sha256').update(password).digest('hex');
const flowOf = (response: request.Response): string | undefined => response.headers['x-auth-flow'];

async function storedFor(): Promise<Record<string, string>> {
  const response = await request(lab.app).get(`/api/stages/${STAGE}/breach`).expect(200);
  const users = response.body.users as { username: string; stored: string }[];
  return Object.fromEntries(users.map((user) => [user.username, user.stored]));
}

describe('POST /register', () => {
  it('stores the unsalted SHA-256 hex digest of the password', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const stored = await storedFor();
    expect(stored.alice).toBe(sha256Hex(GOOD_PASSWORD));
    expect(stored.alice).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives two users with the same password the same stored value', async () => {
    await register(lab.app, STAGE, 'alice', 'shared-secret-99').expect(201);
    await register(lab.app, STAGE, 'bob', 'shared-secret-99').expect(201);
    await register(lab.app, STAGE, 'carol', 'another-secret-99').expect(201);

    const stored = await storedFor();
    expect(stored.alice).toBe(stored.bob);
    expect(stored.carol).not.toBe(stored.alice);
  });

  it('no longer shows the password itself in the breach dump', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const response = await request(lab.app).get(`/api/stages/${STAGE}/breach`).expect(200);
    expect(response.text).not.toContain(GOOD_PASSWORD);
  });

  it('lets a precomputed wordlist turn a leaked hash back into the password', async () => {
    await register(lab.app, STAGE, 'alice', 'sunshine1').expect(201);
    const wordlist = ['123456', 'password', 'qwerty', 'sunshine1', 'letmein'];
    const lookup = new Map(wordlist.map((word) => [sha256Hex(word), word]));

    const stored = await storedFor();
    expect(lookup.get(stored.alice ?? '')).toBe('sunshine1');
  });
});

describe('POST /login', () => {
  it('tells an unknown user apart from a wrong password', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const unknown = await login(lab.app, STAGE, 'bob').expect(401);
    const wrong = await login(lab.app, STAGE, 'alice', 'not-the-password').expect(401);

    expect(unknown.body).toEqual({ error: 'Unknown user', code: 'unknown_user' });
    expect(wrong.body).toEqual({ error: 'Wrong password', code: 'wrong_password' });
    expect(flowOf(unknown)).toBe('A,B,C,E');
    expect(flowOf(wrong)).toBe('A,B,C,E');
  });

  it('accepts the right password and hands out a working token', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const response = await login(lab.app, STAGE, 'alice').expect(200);
    expect(flowOf(response)).toBe('A,B,C,D');

    const records = await getRecords(lab.app, STAGE, `Bearer ${response.body.token}`).expect(200);
    expect(records.body.user).toBe('alice');
  });

  it('refuses the leaked hash typed in as a password', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const stored = await storedFor();

    const response = await login(lab.app, STAGE, 'alice', stored.alice ?? '').expect(401);
    expect(response.body.error).toBe('Wrong password');
  });
});

describe('GET /records', () => {
  it('refuses a request without a token with a Bearer challenge for its realm', async () => {
    const response = await request(lab.app).get(`/api/stages/${STAGE}/records`).expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="authlab-sha256"');
    expect(flowOf(response)).toBe('A,F,G,E');
  });
});
