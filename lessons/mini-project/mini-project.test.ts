import { decodeJWT } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { describeChecks } from '../exercises/check-suite.ts';
import { useExercise } from '../exercises/test-kit.ts';

const kit = useExercise('mini-project');
const { post, get } = kit;
const exercise = (): typeof kit.running => kit.running;

const alice = { username: 'alice', password: 'violet-kettle-harbor-42' };
const wrong = { username: 'alice', password: 'not-her-password' };

describe('registration', () => {
  it('creates a user with 201 and refuses a taken name with 409', async () => {
    expect((await post('/register', alice)).status).toBe(201);
    expect((await post('/register', alice)).status).toBe(409);
  });
});

describe('login', () => {
  it('returns a JWT whose subject is the user', async () => {
    await post('/register', alice);
    const { token } = (await (await post('/login', alice)).json()) as { token: string };
    expect(decodeJWT(token)?.payload.sub).toBe('alice');
  });

  it('gives an unknown user and a wrong password the same 401 answer', async () => {
    await post('/register', alice);
    const unknown = await post('/login', { username: 'zoe', password: 'whatever-it-is' });
    const wrongPassword = await post('/login', wrong);
    expect([unknown.status, wrongPassword.status]).toEqual([401, 401]);
    expect(await unknown.json()).toEqual(await wrongPassword.json());
  });
});

describe('lockout', () => {
  it('answers 423 with Retry-After after 5 failures, even with the right password, until the lock ends', async () => {
    await post('/register', alice);
    for (let attempt = 0; attempt < 5; attempt++) await post('/login', wrong);
    const locked = await post('/login', alice);
    expect(locked.status).toBe(423);
    const retryAfterSeconds = Number(locked.headers.get('retry-after'));
    expect(retryAfterSeconds).toBeGreaterThan(0);
    exercise().advanceClockSeconds(retryAfterSeconds);
    expect((await post('/login', alice)).status).toBe(200);
  });

  it('locks a username that does not exist the same way', async () => {
    for (let attempt = 0; attempt < 5; attempt++) await post('/login', { username: 'ghost', password: 'guess-number-x' });
    expect((await post('/login', { username: 'ghost', password: 'guess-number-x' })).status).toBe(423);
  });
});

describe('the protected route', () => {
  it('answers 401 without a token and 200 with one', async () => {
    expect((await get('/records')).status).toBe(401);
    await post('/register', alice);
    const { token } = (await (await post('/login', alice)).json()) as { token: string };
    const response = await get('/records', { Authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
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
    'generic-login-error',
    'account-lockout',
  ],
  exercise,
);
