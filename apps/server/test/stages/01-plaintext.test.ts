import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, createTestApp, getRecords, login, register, signIn, type TestApp } from '../helpers.ts';

/** Stage 1 is insecure on purpose: these tests prove each of its mistakes is visible. */
const STAGE = 'plaintext';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

const url = (path: string): string => `/api/stages/${STAGE}${path}`;
const flowOf = (response: request.Response): string | undefined => response.headers['x-auth-flow'];

async function breachDump(): Promise<{ username: string; stored: string }[]> {
  const response = await request(lab.app).get(url('/breach')).expect(200);
  return response.body.users;
}

describe('POST /register', () => {
  it('stores the password exactly as it was typed', async () => {
    const password = 'Tr0ub4dor & 3 — pässwörd 🔑';
    const response = await register(lab.app, STAGE, 'alice', password).expect(201);
    expect(flowOf(response)).toBe('A,REG');

    expect(await breachDump()).toEqual([{ username: 'alice', stored: password }]);
  });

  it('lets anyone holding the breach dump log in as the user', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const dump = await breachDump();
    expect(dump).toHaveLength(1);

    const response = await login(lab.app, STAGE, 'alice', dump[0]?.stored ?? '').expect(200);
    expect(response.body.token).toEqual(expect.any(String));
  });
});

describe('POST /login', () => {
  it('tells an unknown user apart from a wrong password', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const unknown = await login(lab.app, STAGE, 'bob').expect(401);
    const wrong = await login(lab.app, STAGE, 'alice', 'not-the-password').expect(401);

    expect(unknown.body).toEqual({ error: 'Unknown user', code: 'unknown_user' });
    expect(wrong.body).toEqual({ error: 'Wrong password', code: 'wrong_password' });
    expect(unknown.body).not.toEqual(wrong.body);
    expect(flowOf(unknown)).toBe('A,B,C,E');
    expect(flowOf(wrong)).toBe('A,B,C,E');
  });

  it('hands out a different random token at every login', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const first = await login(lab.app, STAGE, 'alice').expect(200);
    const second = await login(lab.app, STAGE, 'alice').expect(200);

    expect(flowOf(first)).toBe('A,B,C,D');
    expect(first.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(second.body.token).not.toBe(first.body.token);
    await getRecords(lab.app, STAGE, `Bearer ${first.body.token}`).expect(200);
    await getRecords(lab.app, STAGE, `Bearer ${second.body.token}`).expect(200);
  });
});

describe('GET /records', () => {
  it('still accepts a session token a year later, because it never expires', async () => {
    const authorization = await signIn(lab.app, STAGE, 'alice');
    lab.clock.advanceSeconds(ONE_YEAR_SECONDS);

    const response = await getRecords(lab.app, STAGE, authorization).expect(200);
    expect(response.body.user).toBe('alice');
    expect(flowOf(response)).toBe('A,F,G,H');
  });

  it('refuses a request without a token with a Bearer challenge for its realm', async () => {
    const response = await request(lab.app).get(url('/records')).expect(401);

    expect(response.body).toEqual({ error: 'Missing or invalid token', code: 'invalid_token' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="authlab-plaintext"');
    expect(flowOf(response)).toBe('A,F,G,E');
  });

  it('refuses a token it never issued', async () => {
    await signIn(lab.app, STAGE, 'alice');
    const response = await getRecords(lab.app, STAGE, 'Bearer made-up-token').expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="authlab-plaintext"');
  });
});

describe('POST /logout', () => {
  it('revokes the session, so the token stops working', async () => {
    const authorization = await signIn(lab.app, STAGE, 'alice');

    const logout = await request(lab.app).post(url('/logout')).set('Authorization', authorization).expect(204);
    expect(flowOf(logout)).toBe('A,F,G,REVOKE');

    await getRecords(lab.app, STAGE, authorization).expect(401);
    await request(lab.app).post(url('/logout')).set('Authorization', authorization).expect(401);
  });

  it('revokes only the session it was sent', async () => {
    const kept = await signIn(lab.app, STAGE, 'alice');
    const ended = await login(lab.app, STAGE, 'alice', GOOD_PASSWORD).expect(200);

    await request(lab.app).post(url('/logout')).set('Authorization', `Bearer ${ended.body.token}`).expect(204);

    await getRecords(lab.app, STAGE, kept).expect(200);
  });
});
