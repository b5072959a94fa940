import { decodeJWT } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { describeChecks } from '../exercises/check-suite.ts';
import { useExercise } from '../exercises/test-kit.ts';

const kit = useExercise('challenge');
const { post, get } = kit;
const exercise = (): typeof kit.running => kit.running;

const alice = { username: 'alice', password: 'violet-kettle-harbor-42' };

describe('POST /register', () => {
  it('creates a user with 201 and refuses a taken name with 409', async () => {
    expect((await post('/register', alice)).status).toBe(201);
    expect((await post('/register', alice)).status).toBe(409);
  });

  it('refuses malformed input with a 400 JSON error', async () => {
    const response = await post('/register', { username: 'alice' });
    expect(response.status).toBe(400);
    expect(await response.json()).toHaveProperty('error');
  });
});

describe('POST /login', () => {
  it('refuses a wrong password with 401', async () => {
    await post('/register', alice);
    const response = await post('/login', { ...alice, password: 'not-her-password' });
    expect(response.status).toBe(401);
    expect(await response.json()).not.toHaveProperty('token');
  });

  it('returns an HS256 JWT for the user that expires within 15 minutes', async () => {
    await post('/register', alice);
    const { token } = (await (await post('/login', alice)).json()) as { token: string };
    const decoded = decodeJWT(token);
    expect(decoded?.header.alg).toBe('HS256');
    expect(decoded?.payload.sub).toBe('alice');
    const { exp, iat } = decoded?.payload as { exp: number; iat: number };
    expect(exp - iat).toBeGreaterThan(0);
    expect(exp - iat).toBeLessThanOrEqual(15 * 60);
  });

  it('answers 429 with Retry-After and RateLimit headers once a client tries too often', async () => {
    let response = await post('/login', alice);
    for (let attempt = 0; attempt < 30 && response.status !== 429; attempt++) response = await post('/login', alice);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    // The IETF RateLimit header fields draft, as express-rate-limit's 'draft-8' writes them.
    expect(response.headers.get('ratelimit')).toMatch(/^"[^"]+"; r=\d+; t=\d+/);
    expect(response.headers.get('ratelimit-policy')).toMatch(/^"[^"]+"; q=\d+; w=\d+/);
  });
});

describe('GET /records', () => {
  it('answers 401 without a token and with an expired one', async () => {
    expect((await get('/records')).status).toBe(401);
    await post('/register', alice);
    const { token } = (await (await post('/login', alice)).json()) as { token: string };
    const records = (): Promise<Response> => get('/records', { Authorization: `Bearer ${token}` });
    expect((await records()).status).toBe(200);
    exercise().advanceClockSeconds(15 * 60 + 1);
    expect((await records()).status).toBe(401);
  });
});

describeChecks(
  [
    'no-plaintext-storage',
    'salted-hash',
    'slow-hash',
    'credentials-not-resent',
    'token-expires',
    'tamper-rejected',
    'alg-none-rejected',
    'equal-timing',
    'login-rate-limited',
  ],
  exercise,
);
