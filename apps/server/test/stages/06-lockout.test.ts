import { randomBytes } from 'node:crypto';
import { checkPasswordPolicy } from '@authlab/auth-core';
import jsonwebtoken from 'jsonwebtoken';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, getRecords, login, register, signIn, type TestApp } from '../helpers.ts';

/** Stage 6 is the hardened reference: these tests prove each earlier mistake is gone. */
const STAGE = 'lockout';
const WRONG = 'wrong-guess-123';
/** Lockout tests need more login attempts than one client may make by default. */
const NO_RATE_LIMIT = { settings: { rateLimit: { limit: 100, windowSeconds: 60 } } };

let lab: TestApp;
afterEach(() => lab.close());
/** Each describe block starts its own app: the rate-limit block keeps the default settings. */
const startWith = (options: Parameters<typeof createTestApp>[0]) => (): void => {
  lab = createTestApp(options);
};

const flowOf = (response: request.Response): string | undefined => response.headers['x-auth-flow'];
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (segment = ''): Record<string, unknown> => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
const nowSeconds = (): number => Math.floor(lab.clock.now() / 1000);

async function fail(username: string, times: number): Promise<void> {
  for (let attempt = 0; attempt < times; attempt += 1) await login(lab.app, STAGE, username, WRONG).expect(401);
}
/** The lock duration as the stage states it in its policy. */
const lockSeconds = async (): Promise<number> => (await request(lab.app).get(`/api/stages/${STAGE}`).expect(200)).body.policy.lockout.lockSeconds;

describe('POST /login', () => {
  beforeEach(startWith(NO_RATE_LIMIT));

  it('answers an unknown user and a wrong password identically', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const unknown = await login(lab.app, STAGE, 'bob').expect(401);
    const wrong = await login(lab.app, STAGE, 'alice', WRONG).expect(401);
    expect(unknown.body).toEqual({ error: 'Invalid credentials', code: 'invalid_credentials' });
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers['www-authenticate']).toBe(unknown.headers['www-authenticate']);
    expect([flowOf(unknown), flowOf(wrong)]).toEqual(['A,B,C,E', 'A,B,C,E']);
  });

  it('locks the name after 5 failures, refusing even the right password with 423', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    await fail('alice', 5);
    const locked = await login(lab.app, STAGE, 'alice').expect(423);
    expect(await lockSeconds()).toBe(300);
    expect(locked.headers['retry-after']).toBe('300');
    expect(locked.body).toEqual({ error: expect.stringContaining('locked'), code: 'locked' });
    expect(flowOf(locked)).toBe('A,B,LOCK');
  });

  it('locks a name that was never registered exactly like a real one', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    await fail('alice', 5);
    await fail('ghost', 5);
    const real = await login(lab.app, STAGE, 'alice').expect(423);
    const ghost = await login(lab.app, STAGE, 'ghost').expect(423);
    expect(ghost.body).toEqual(real.body);
    expect(ghost.headers['retry-after']).toBe(real.headers['retry-after']);
    expect(flowOf(ghost)).toBe(flowOf(real));
  });

  it('lets the right password in again once the lock has run out', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    await fail('alice', 5);
    const seconds = await lockSeconds();
    lab.clock.advanceSeconds(seconds - 1);
    expect((await login(lab.app, STAGE, 'alice').expect(423)).headers['retry-after']).toBe('1');
    lab.clock.advanceSeconds(1);
    await login(lab.app, STAGE, 'alice').expect(200);
  });

  it('starts the count again after a successful login', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    await fail('alice', 4);
    await login(lab.app, STAGE, 'alice').expect(200);
    await fail('alice', 4);
    await login(lab.app, STAGE, 'alice').expect(200);
  });

  it('checks only 5 of 10 simultaneous wrong guesses and refuses the other 5 with 423', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const responses = await Promise.all(Array.from({ length: 10 }, () => login(lab.app, STAGE, 'alice', WRONG)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 423, 423, 423, 423, 423]);
    const row = lab.sqlite.prepare('SELECT failures FROM lockouts WHERE stage = ? AND username = ?').get(STAGE, 'alice');
    expect(row).toEqual({ failures: 5 });
    await login(lab.app, STAGE, 'alice').expect(423);
  });

  it('doubles the lock for the next run of failures, as the demo clock shows', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    await fail('alice', 5);
    expect((await login(lab.app, STAGE, 'alice').expect(423)).headers['retry-after']).toBe('300');
    // The lab's own demo route, as an instructor would use it in class.
    await request(lab.app).post(`/api/stages/${STAGE}/clock`).send({ advanceSeconds: 300 }).expect(200);
    await fail('alice', 5);
    expect((await login(lab.app, STAGE, 'alice').expect(423)).headers['retry-after']).toBe('600');
    await request(lab.app).post(`/api/stages/${STAGE}/clock`).send({ advanceSeconds: 600 }).expect(200);
    await fail('alice', 5);
    expect((await login(lab.app, STAGE, 'alice').expect(423)).headers['retry-after']).toBe('1200');
    const { lockout } = (await request(lab.app).get(`/api/stages/${STAGE}`)).body.policy;
    expect(lockout).toEqual({ maxFailures: 5, windowSeconds: 86_400, lockSeconds: 300, maxLockSeconds: 14_400, growth: 'doubling' });
  });
});

describe('rate limit on POST /login', () => {
  beforeEach(startWith({}));

  /** One client sprays ten different names, so no single name is locked. */
  async function sprayTen(): Promise<void> {
    for (let n = 0; n < 10; n += 1) {
      const response = await login(lab.app, STAGE, `victim${n}`, WRONG).expect(401);
      expect(response.headers.ratelimit).toMatch(new RegExp(`^"10-in-1min"; r=${9 - n}; t=\\d+$`));
    }
  }

  it('answers the 11th attempt in a minute with 429 and standard headers', async () => {
    await sprayTen();
    const limited = await login(lab.app, STAGE, 'victim10', WRONG).expect(429);
    expect(limited.body).toEqual({ error: expect.any(String), code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers.ratelimit).toMatch(/^"10-in-1min"; r=0; t=\d+$/);
    expect(limited.headers['ratelimit-policy']).toMatch(/^"10-in-1min"; q=10; w=60; pk=:[A-Za-z0-9+/=]+:$/);
    expect(flowOf(limited)).toBe('A,LIMIT');
  });

  it('turns a client past the limit away before reading the body it sent', async () => {
    await sprayTen();
    // Malformed JSON would be a 400 had the parser run: the limiter answers first.
    const limited = await request(lab.app).post(`/api/stages/${STAGE}/login`).set('Content-Type', 'application/json').send('{"username":').expect(429);
    expect(limited.body.code).toBe('rate_limited');
  });

  it('is not fooled by a forged X-Forwarded-For header', async () => {
    await sprayTen();
    await login(lab.app, STAGE, 'victim10', WRONG).set('X-Forwarded-For', '203.0.113.9').expect(429);
  });

  it('forgets the count on POST /reset', async () => {
    await sprayTen();
    await login(lab.app, STAGE, 'victim10', WRONG).expect(429);
    await request(lab.app).post(`/api/stages/${STAGE}/reset`).expect(204);
    await login(lab.app, STAGE, 'victim10', WRONG).expect(401);
  });
});

describe('POST /register', () => {
  beforeEach(startWith(NO_RATE_LIMIT));

  /** Exactly as many bytes as bcrypt reads, and acceptable to the password policy. */
  const PASSPHRASE_72 = 'the lighthouse keeper paints the stairs blue every second spring at dusk';

  const refused: [string, string, string][] = [
    ['a blocklisted password', 'passwordpassword', 'common'],
    ['a 14-character passphrase', 'violet-kettle-', 'too-short'],
    ['an 8-character password, enough only as part of MFA', 'zq8#Lm2v', 'too-short'],
    ['a 73-byte password bcrypt would cut short', `${PASSPHRASE_72}!`, 'too-long'],
    ['a common password with digits and a symbol added', 'Password1234567!', 'common-variant'],
    ['a common password in leetspeak', 'P@ssw0rd12345678', 'common-variant'],
    ['the same thing typed twice', 'Summer2024Summer2024', 'repetitive'],
    ['a keyboard walk', 'qwertyuiopasdfgh', 'sequence'],
    ['the username in leetspeak', 'violet-Al1ce-harbor-42', 'contains-username'],
    ['the service name', 'violet-AuthLab-harbor', 'contains-service-name'],
  ];

  it.each(refused)('refuses %s with 400, says why, and stores nothing', async (_name, password, reason) => {
    // The policy itself is the source of truth for what is refused and why.
    const verdict = checkPasswordPolicy(password, { username: 'alice' });
    expect(verdict).toMatchObject({ ok: false, code: reason });
    const response = await register(lab.app, STAGE, 'alice', password).expect(400);
    expect(response.body).toEqual({ error: !verdict.ok && verdict.message, code: `password_${reason.replaceAll('-', '_')}` });
    expect(flowOf(response)).toBe('A,BAD');
    expect((await request(lab.app).get(`/api/stages/${STAGE}/breach`)).body.users).toEqual([]);
  });

  it('accepts a long passphrase of 64 characters', async () => {
    const passphrase = 'the lighthouse keeper paints the stairs blue every second spring';
    expect(passphrase).toHaveLength(64);
    await register(lab.app, STAGE, 'alice', passphrase).expect(201);
    await login(lab.app, STAGE, 'alice', passphrase).expect(200);
  });

  it('defeats the 72-byte trick: the password plus extra bytes does not log in', async () => {
    expect(Buffer.byteLength(PASSPHRASE_72)).toBe(72);
    await register(lab.app, STAGE, 'alice', PASSPHRASE_72).expect(201);
    const response = await login(lab.app, STAGE, 'alice', `${PASSPHRASE_72}X`).expect(401);
    expect(response.body.error).toBe('Invalid credentials');
    await login(lab.app, STAGE, 'alice', PASSPHRASE_72).expect(200);
  });

  it('normalises to NFC on register and login: a precomposed é and e + U+0301 are the same password', async () => {
    const precomposed = 'la f\u00e9e \u00e9tonn\u00e9e cr\u00e9e des caf\u00e9s';
    const decomposed = precomposed.normalize('NFD');
    expect(decomposed).not.toBe(precomposed);
    await register(lab.app, STAGE, 'alice', decomposed).expect(201);
    await login(lab.app, STAGE, 'alice', precomposed).expect(200);
    // NFC merges only spellings of the same text: full-width letters stay a different password.
    await register(lab.app, STAGE, 'bob', 'ｖｉｏｌｅｔ－ｋｅｔｔｌｅ－ｈａｒｂｏｒ').expect(201);
    await login(lab.app, STAGE, 'bob', 'violet-kettle-harbor').expect(401);
  });
});

describe('access and refresh tokens', () => {
  beforeEach(startWith(NO_RATE_LIMIT));

  const claims = (): Record<string, unknown> => ({ sub: 'alice', iss: 'authlab', aud: 'lockout', iat: nowSeconds(), exp: nowSeconds() + 900 });
  const forgeries: [string, (token: string) => string | Promise<string>][] = [
    ['an unsigned token that claims alg none', () => `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims())}.`],
    [
      'a payload changed to another user',
      (token) => {
        const [header, payload, signature] = token.split('.');
        return `${header}.${encode({ ...decode(payload), sub: 'bob' })}.${signature}`;
      },
    ],
    ['a token signed with another secret', () => jsonwebtoken.sign(claims(), randomBytes(32), { algorithm: 'HS256' })],
    ['a token the jwt stage issued for its own audience', async () => (await signIn(lab.app, 'jwt', 'alice')).slice('Bearer '.length)],
  ];

  it.each(forgeries)('refuses %s', async (_name, forge) => {
    const authorization = await signIn(lab.app, STAGE, 'alice');
    await register(lab.app, STAGE, 'bob').expect(201);
    await getRecords(lab.app, STAGE, authorization).expect(200);
    const forged = await forge(authorization.slice('Bearer '.length));
    const response = await getRecords(lab.app, STAGE, `Bearer ${forged}`).expect(401);
    expect(response.body).toEqual({ error: 'Missing or invalid token', code: 'invalid_token' });
    expect(flowOf(response)).toBe('A,F,G,E');
  });

  it('refuses an expired token and says why', async () => {
    const authorization = await signIn(lab.app, STAGE, 'alice');
    lab.clock.advanceSeconds(901);
    const response = await getRecords(lab.app, STAGE, authorization).expect(401);
    expect(response.body).toEqual({ error: 'Token expired', code: 'token_expired' });
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(flowOf(response)).toBe('A,F,G,I');
  });

  it('refuses a spent refresh token and revokes its family', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const { refreshToken } = (await login(lab.app, STAGE, 'alice').expect(200)).body;
    const refresh = (token: string) => request(lab.app).post(`/api/stages/${STAGE}/refresh`).send({ refreshToken: token });

    const next = (await refresh(refreshToken).expect(200)).body;
    expect((await refresh(refreshToken).expect(401)).body.code).toBe('refresh_reused');
    expect((await refresh(next.refreshToken).expect(401)).body.code).toBe('refresh_revoked');
  });
});
