import { randomBytes } from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, getRecords, login, register, signIn, type TestApp } from '../helpers.ts';

/** Stage 5 signs short-lived tokens properly; its remaining mistakes are in login. */
const STAGE = 'jwt';
const SEVEN_DAYS_SECONDS = 7 * 24 * 60 * 60;

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

interface TokenPair {
  token: string;
  refreshToken: string;
  expiresIn: number;
}

const flowOf = (response: request.Response): string | undefined => response.headers['x-auth-flow'];
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (segment = ''): Record<string, unknown> => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
const nowSeconds = (): number => Math.floor(lab.clock.now() / 1000);
const refresh = (refreshToken: string) => request(lab.app).post(`/api/stages/${STAGE}/refresh`).send({ refreshToken });
const records = (token: string) => getRecords(lab.app, STAGE, `Bearer ${token}`);

async function signInForTokens(username = 'alice'): Promise<TokenPair> {
  await register(lab.app, STAGE, username).expect(201);
  return (await login(lab.app, STAGE, username).expect(200)).body;
}

async function expectInvalidToken(token: string): Promise<void> {
  const response = await records(token).expect(401);
  expect(response.body).toEqual({ error: 'Missing or invalid token', code: 'invalid_token' });
  expect(response.headers['www-authenticate']).toBe('Bearer realm="authlab-jwt"');
  expect(flowOf(response)).toBe('A,F,G,E');
}

describe('POST /login', () => {
  it('returns a signed access token, a refresh token and the access token lifetime', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const response = await login(lab.app, STAGE, 'alice').expect(200);
    expect(response.body).toEqual({ token: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect(flowOf(response)).toBe('A,B,C,D');
  });

  it('puts readable, signed claims in the token: HS256, the user, and 900 seconds to live', async () => {
    const { token } = await signInForTokens();
    const [header, payload, signature] = token.split('.');

    expect(decode(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decode(payload);
    expect(claims).toMatchObject({ sub: 'alice', iss: 'authlab', aud: 'jwt', iat: nowSeconds() });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('tells an unknown user apart from a wrong password', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const unknown = await login(lab.app, STAGE, 'bob').expect(401);
    const wrong = await login(lab.app, STAGE, 'alice', 'not-the-password').expect(401);

    expect(unknown.body).toEqual({ error: 'Unknown user', code: 'unknown_user' });
    expect(wrong.body).toEqual({ error: 'Wrong password', code: 'wrong_password' });
    expect(flowOf(wrong)).toBe('A,B,C,E');
  });

  it('never locks anyone out: ten wrong passwords, then the right one still works', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await login(lab.app, STAGE, 'alice', `guess-${attempt}`).expect(401);
      expect(response.body.error).toBe('Wrong password');
    }

    await login(lab.app, STAGE, 'alice').expect(200);
  });
});

describe('GET /records', () => {
  it('answers a valid token until it expires, then says so', async () => {
    const { token } = await signInForTokens();
    const fresh = await records(token).expect(200);
    expect(fresh.body.user).toBe('alice');
    expect(flowOf(fresh)).toBe('A,F,G,H');

    lab.clock.advanceSeconds(899);
    await records(token).expect(200);
    lab.clock.advanceSeconds(2);

    const expired = await records(token).expect(401);
    expect(expired.body).toEqual({ error: 'Token expired', code: 'token_expired' });
    expect(flowOf(expired)).toBe('A,F,G,I');
    expect(expired.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('refuses a token whose payload was changed to another user', async () => {
    const { token } = await signInForTokens('alice');
    await register(lab.app, STAGE, 'bob').expect(201);
    const [header, payload, signature] = token.split('.');

    await expectInvalidToken(`${header}.${encode({ ...decode(payload), sub: 'bob' })}.${signature}`);
  });

  it('refuses an unsigned token that claims alg none', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const iat = nowSeconds();
    const claims = { sub: 'alice', iss: 'authlab', aud: 'jwt', iat, exp: iat + 900 };

    await expectInvalidToken(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`);
  });

  it('refuses a token signed with a different secret', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const iat = nowSeconds();
    const forged = jsonwebtoken.sign({ sub: 'alice', iss: 'authlab', aud: 'jwt', iat, exp: iat + 900 }, randomBytes(32), { algorithm: 'HS256' });

    await expectInvalidToken(forged);
  });

  it('refuses a token issued by the lockout stage, which is for another audience', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const lockoutAuthorization = await signIn(lab.app, 'lockout', 'alice');
    await getRecords(lab.app, 'lockout', lockoutAuthorization).expect(200);

    await expectInvalidToken(lockoutAuthorization.slice('Bearer '.length));
  });
});

describe('POST /refresh', () => {
  it('trades a refresh token for a new pair and spends the old one', async () => {
    const first = await signInForTokens();
    lab.clock.advanceSeconds(60);

    const response = await refresh(first.refreshToken).expect(200);
    const second = response.body as TokenPair;
    expect(second).toEqual({ token: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect(second.token).not.toBe(first.token);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(flowOf(response)).toBe('A,REFRESH,D');
    await records(second.token).expect(200);

    const reused = await refresh(first.refreshToken).expect(401);
    expect(reused.body).toEqual({ error: 'Invalid or expired refresh token', code: 'refresh_reused' });
    // Reuse means the token was copied: the whole family dies, the newest token too.
    const newest = await refresh(second.refreshToken).expect(401);
    expect(newest.body.code).toBe('refresh_revoked');
  });

  it('refuses a refresh token more than seven days old', async () => {
    const { refreshToken } = await signInForTokens();
    lab.clock.advanceSeconds(SEVEN_DAYS_SECONDS + 1);

    const response = await refresh(refreshToken).expect(401);
    expect(response.body.code).toBe('refresh_expired');
  });

  it('ends the family 30 days after login, however often it was refreshed (idle vs absolute timeout)', async () => {
    const { policy } = (await request(lab.app).get(`/api/stages/${STAGE}`).expect(200)).body;
    expect(policy.refreshToken).toEqual({ singleUse: true, ttlSeconds: SEVEN_DAYS_SECONDS, familyLifetimeSeconds: 30 * 24 * 60 * 60 });
    let { refreshToken } = await signInForTokens();
    // Refreshed every six days, always inside the idle timeout, until day 24...
    for (let day = 6; day < 30; day += 6) {
      lab.clock.advanceSeconds(6 * 24 * 60 * 60);
      ({ refreshToken } = (await refresh(refreshToken).expect(200)).body as TokenPair);
    }
    // ...and on day 30 the family is over, though its newest token is only six days old.
    lab.clock.advanceSeconds(6 * 24 * 60 * 60);
    expect((await refresh(refreshToken).expect(401)).body.code).toBe('refresh_expired');
  });
});

describe('POST /logout', () => {
  it('ends the refresh token family', async () => {
    const { token, refreshToken } = await signInForTokens();

    const response = await request(lab.app).post(`/api/stages/${STAGE}/logout`).set('Authorization', `Bearer ${token}`).expect(204);
    expect(flowOf(response)).toBe('A,F,G,REVOKE');

    const refused = await refresh(refreshToken).expect(401);
    expect(refused.body.code).toBe('refresh_revoked');
  });
});
