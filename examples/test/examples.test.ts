import { decodeJWT, parseBcrypt, randomPassword, randomPasswordOfBytes, randomUsername, tamperJWTPayload, unsignedJWT } from '@authlab/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPythonApp, type PythonApp } from './python-app.ts';
import { type Answer, type ApiDescription, credentialHeaders, readCredential, readExampleDescription, readStorage, sendStep } from './walk.ts';

/**
 * Each example is started for real (Debian's Python, a free loopback port, a fresh DATA_DIR)
 * and walked through its own api.yaml the way the practice checks will walk it. Then the
 * behaviours that tell the two apart are asserted over plain HTTP: the challenge must show
 * the defence, the mistakes app the mistake.
 */

async function describedAPI(example: string): Promise<ApiDescription> {
  const read = await readExampleDescription(example);
  if (!read.ok) throw new Error(`${example}/api.yaml: ${read.problems.join('; ')}`);
  return read.description;
}

interface SignedIn {
  username: string;
  password: string;
  token: string;
  login: Answer;
}

/** Register a fresh account and log in with it, each step exactly as the description says. */
async function signInNew(app: PythonApp, description: ApiDescription): Promise<SignedIn> {
  const { register, login } = description;
  if (login === undefined) throw new Error('the examples have a login step');
  const username = randomUsername('example');
  const password = randomPassword();
  const registered = await sendStep(app.url, register, { username, password });
  expect(register.success, `register answered ${registered.status}: ${JSON.stringify(registered.body)}`).toContain(registered.status);
  const answer = await sendStep(app.url, login, { username, password });
  expect(login.success, `login answered ${answer.status}: ${JSON.stringify(answer.body)}`).toContain(answer.status);
  const token = readCredential(answer, login.token);
  if (token === undefined) throw new Error(`no token where the description says: ${JSON.stringify(answer.body)}`);
  return { username, password, token, login: answer };
}

function callProtected(app: PythonApp, description: ApiDescription, token: string): Promise<Answer> {
  return sendStep(app.url, description.protected, {}, credentialHeaders(description, token));
}

function attemptLogin(app: PythonApp, username: string, password: string): Promise<Answer> {
  return sendStep(app.url, { method: 'POST', path: '/login', body: { username, password } }, {});
}

function postJSON(app: PythonApp, route: string, body: string): Promise<Response> {
  return fetch(`${app.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

async function storedCredential(app: PythonApp, description: ApiDescription, username: string): Promise<string | undefined> {
  if (description.storage === undefined) throw new Error('the examples describe their storage');
  return (await readStorage(description.storage.command, app.dataDir)).get(username);
}

describe('examples/flask-challenge', () => {
  let app: PythonApp;
  let description: ApiDescription;
  let account: SignedIn;

  // Every /login counts against the per-IP limit of 10 a minute: this instance sends 9
  // (the rate limit has an instance of its own below).
  beforeAll(async () => {
    description = await describedAPI('flask-challenge');
    app = await startPythonApp('flask-challenge', { BCRYPT_COST: '10' });
    account = await signInNew(app, description);
  });
  afterAll(() => app?.stop());

  it('registers, logs in and reaches the protected route as its description says', async () => {
    const me = await callProtected(app, description, account.token);
    expect(description.protected.success).toContain(me.status);
    expect(me.body).toEqual({ username: account.username });
  });

  it('issues a token that expires 15 minutes after it was issued, pinned to HS256', () => {
    const decoded = decodeJWT(account.token);
    expect(decoded?.header.alg).toBe('HS256');
    const { iat, exp } = decoded?.payload ?? {};
    expect(typeof iat === 'number' && typeof exp === 'number' ? exp - iat : undefined).toBe(900);
    expect(description.known?.accessTokenSeconds).toBe(900);
  });

  it('refuses an altered token and an unsigned (alg none) one', async () => {
    const payload = decodeJWT(account.token)?.payload ?? {};
    const forged = [tamperJWTPayload(account.token, { sub: 'admin' }) ?? '', unsignedJWT(payload)];
    for (const bad of forged) expect((await callProtected(app, description, bad)).status).toBe(401);
  });

  it('gives the same 401 answer for an unknown username and for a wrong password', async () => {
    const unknown = await attemptLogin(app, randomUsername('nobody'), randomPassword());
    // Registered only: logging in would spend one more of the 10 attempts.
    const username = randomUsername('example');
    await sendStep(app.url, description.register, { username, password: randomPassword() });
    const wrong = await attemptLogin(app, username, randomPassword());
    expect([unknown.status, unknown.body]).toEqual([401, { error: 'Invalid username or password' }]);
    expect([wrong.status, wrong.body]).toEqual([unknown.status, unknown.body]);
  });

  it('locks a username after 5 failures in a row (its known.lockoutThreshold), even against the right password (423, Retry-After)', async () => {
    expect(description.known?.lockoutThreshold).toBe(5);
    const username = randomUsername('example');
    const password = randomPassword();
    await sendStep(app.url, description.register, { username, password });
    for (let failure = 1; failure <= 5; failure++) expect((await attemptLogin(app, username, randomPassword())).status).toBe(401);
    const locked = await attemptLogin(app, username, password);
    expect(locked.status).toBe(423);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refreshes once per refresh token, and logs out as described', async () => {
    const { refresh, logout } = description;
    if (refresh === undefined || logout === undefined) throw new Error('the challenge describes refresh and logout');
    const refreshToken = readCredential(account.login, refresh.refreshToken) ?? '';
    const first = await sendStep(app.url, refresh, { refreshToken });
    expect(refresh.success).toContain(first.status);
    const second = await sendStep(app.url, refresh, { refreshToken });
    expect(second.status).toBe(401);

    const token = readCredential(first, refresh.token ?? { json: 'token' }) ?? '';
    const nextRefreshToken = readCredential(first, refresh.refreshToken) ?? '';
    expect((await callProtected(app, description, token)).status).toBe(200);
    const out = await sendStep(app.url, logout, { refreshToken: nextRefreshToken }, credentialHeaders(description, token));
    expect(logout.success).toContain(out.status);
    expect((await callProtected(app, description, token)).status).toBe(401);
  });

  it('answers malformed JSON, wrong types and missing fields with a 400 JSON error', async () => {
    for (const body of ['{"username": ', '[]', '{"username": 7, "password": true}', '{"username": "someone"}']) {
      const answer = await postJSON(app, '/register', body);
      expect([answer.status, answer.headers.get('content-type')]).toEqual([400, 'application/json']);
      expect(await answer.json()).toEqual({ error: expect.any(String) });
    }
  });

  it('refuses a password under 15 characters or over 72 bytes with 400, and takes one of exactly 72 bytes', async () => {
    const register = (password: string): Promise<Answer> => sendStep(app.url, description.register, { username: randomUsername('example'), password });
    const short = await register('orchid-lantern');
    expect([short.status, short.body]).toEqual([400, { error: expect.stringMatching(/at least 15 characters/) }]);
    const long = await register(randomPasswordOfBytes(73));
    expect([long.status, long.body]).toEqual([400, { error: expect.stringMatching(/at most 72 bytes/) }]);
    expect((await register(randomPasswordOfBytes(72))).status).toBe(201);
  });

  it('stores a bcrypt hash at the configured cost, readable through storage.command', async () => {
    const username = randomUsername('example');
    await sendStep(app.url, description.register, { username, password: randomPassword() });
    const stored = await storedCredential(app, description, username);
    expect(stored).toMatch(/^\$2b\$10\$/);
    expect(parseBcrypt(stored ?? '')?.cost).toBe(10);
  });
});

describe('examples/flask-challenge, a fresh instance for the rate limit', () => {
  let app: PythonApp;
  beforeAll(async () => {
    app = await startPythonApp('flask-challenge', { BCRYPT_COST: '10' });
  });
  afterAll(() => app?.stop());

  it('answers the 11th login attempt from one IP within a minute with 429 and Retry-After (its known.rateLimit)', async () => {
    expect((await describedAPI('flask-challenge')).known?.rateLimit).toEqual({ limit: 10, windowSeconds: 60 });
    // A different unknown username each time, so that no lockout gets in the way.
    for (let attempt = 1; attempt <= 10; attempt++) expect((await attemptLogin(app, randomUsername('nobody'), randomPassword())).status).toBe(401);
    const limited = await attemptLogin(app, randomUsername('nobody'), randomPassword());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('refuses to start with a bcrypt cost under 10', async () => {
    await expect(startPythonApp('flask-challenge', { BCRYPT_COST: '9' })).rejects.toThrow(/BCRYPT_COST must be between 10 and 31/);
  });
});

describe('examples/flask-mistakes', () => {
  let app: PythonApp;
  let description: ApiDescription;

  beforeAll(async () => {
    description = await describedAPI('flask-mistakes');
    app = await startPythonApp('flask-mistakes');
  });
  afterAll(() => app?.stop());

  it('registers, logs in and reaches the protected route as its description says', async () => {
    const signedIn = await signInNew(app, description);
    const me = await callProtected(app, description, signedIn.token);
    expect(description.protected.success).toContain(me.status);
    expect(me.body).toEqual({ username: signedIn.username });
  });

  it('tells an unknown user (404) apart from a wrong password (401)', async () => {
    const { username } = await signInNew(app, description);
    const unknown = await attemptLogin(app, randomUsername('nobody'), randomPassword());
    const wrong = await attemptLogin(app, username, randomPassword());
    expect([unknown.status, unknown.body]).toEqual([404, { error: 'Unknown user' }]);
    expect([wrong.status, wrong.body]).toEqual([401, { error: 'Wrong password' }]);
  });

  it('issues a token with no exp, which never expires', async () => {
    const { token } = await signInNew(app, description);
    expect(decodeJWT(token)?.payload).not.toHaveProperty('exp');
  });

  it('never locks: after 11 wrong passwords the right one still logs in', async () => {
    const { username, password } = await signInNew(app, description);
    for (let failure = 1; failure <= 11; failure++) expect((await attemptLogin(app, username, randomPassword())).status).toBe(401);
    expect((await attemptLogin(app, username, password)).status).toBe(200);
  });

  it('stores a bcrypt hash at cost 4, readable through storage.command', async () => {
    const { username } = await signInNew(app, description);
    expect(await storedCredential(app, description, username)).toMatch(/^\$2b\$04\$/);
  });
});
