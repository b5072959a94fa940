import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, createTestApp, register, sendRaw, type TestApp } from '../helpers.ts';

/**
 * Stages 5 and 6 can keep a login in a cookie. Stage 5 makes the classic mistakes (a cookie page
 * scripts can read, sent on requests any site starts, and a route that takes a plain form from
 * anywhere); stage 6 fixes each one. Lessons 05 and 06 say so; these tests prove it.
 */
let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

const ATTACKER_EMAIL = 'attacker@example.com';
/** What a browser sends for `<form method="post" action="…/cookie/recovery-email">` auto-submitted by another site. */
const CROSS_SITE_FORM = {
  'Content-Type': 'application/x-www-form-urlencoded',
  Origin: 'https://attacker.example',
  'Sec-Fetch-Site': 'cross-site',
  'Sec-Fetch-Mode': 'navigate',
};

/** Registers `alice`, logs her in through the cookie route and returns the Set-Cookie line and the `Cookie` header. */
async function cookieLogin(stage: string): Promise<{ setCookie: string; cookie: string }> {
  await register(lab.app, stage, 'alice').expect(201);
  const response = await request(lab.app).post(`/api/stages/${stage}/cookie/login`).send({ username: 'alice', password: GOOD_PASSWORD }).expect(200);
  expect(response.body).toEqual({ username: 'alice' });
  const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? [])[0] ?? '';
  return { setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

const recoveryEmailOf = async (stage: string, cookie: string): Promise<unknown> =>
  (await request(lab.app).get(`/api/stages/${stage}/cookie/account`).set('Cookie', cookie).expect(200)).body.recoveryEmail;

describe('stage 5 (jwt): a cookie session with the classic mistakes', () => {
  it('sets a cookie that page scripts can read and that browsers send on cross-site requests', async () => {
    const { setCookie } = await cookieLogin('jwt');
    expect(setCookie).toMatch(/^authlab-jwt-session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).not.toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=None/);
    expect(setCookie).toMatch(/; Secure/);
  });

  it('lets a form on another site change the recovery email: cross-site request forgery', async () => {
    const { cookie } = await cookieLogin('jwt');
    const forged = await request(lab.app)
      .post('/api/stages/jwt/cookie/recovery-email')
      .set({ ...CROSS_SITE_FORM, Cookie: cookie })
      .send(`recoveryEmail=${encodeURIComponent(ATTACKER_EMAIL)}`)
      .expect(200);
    expect(forged.headers['x-auth-flow']).toBe('A,F,G,EMAIL');
    expect(await recoveryEmailOf('jwt', cookie)).toBe(ATTACKER_EMAIL);
  });

  it('still guards the rest of the stage against other sites', async () => {
    await register(lab.app, 'jwt', 'alice').expect(201);
    await request(lab.app).post('/api/stages/jwt/reset').set(CROSS_SITE_FORM).send('x=1').expect(403);
    const users = (await request(lab.app).get('/api/stages/jwt/breach')).body.users as unknown[];
    expect(users).toHaveLength(1);
  });

  it('answers bad form input with a 400 and changes nothing', async () => {
    const { cookie } = await cookieLogin('jwt');
    for (const body of ['recoveryEmail=not-an-address', 'recoveryEmail=a%40b.example&recoveryEmail=c%40d.example', 'recoveryEmail=a%40b.example&admin=1', '']) {
      const response = await request(lab.app).post('/api/stages/jwt/cookie/recovery-email').set('Cookie', cookie).type('form').send(body);
      expect(response.status, body).toBe(400);
      expect(response.body.code).toBe('invalid_input');
    }
    expect(await recoveryEmailOf('jwt', cookie)).toBeNull();
  });
});

describe('stage 6 (lockout): the cookie session done right', () => {
  it('sets a __Host- cookie that is HttpOnly, Secure and SameSite=Strict, for the session lifetime it publishes', async () => {
    const { setCookie } = await cookieLogin('lockout');
    const policy = (await request(lab.app).get('/api/stages/lockout')).body.policy.cookieSession;
    expect(setCookie).toMatch(/^__Host-authlab-lockout-session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/; Domain=/i);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', `Max-Age=${policy.ttlSeconds}`]) expect(setCookie).toContain(`; ${attribute}`);
    expect(policy).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', csrfDefence: 'fetch-metadata' });
  });

  it('refuses a cross-site form even when the cookie comes along (a sibling site SameSite would not stop), and changes nothing', async () => {
    const { cookie } = await cookieLogin('lockout');
    for (const site of ['cross-site', 'same-site']) {
      const forged = await request(lab.app)
        .post('/api/stages/lockout/cookie/recovery-email')
        .set({ ...CROSS_SITE_FORM, 'Sec-Fetch-Site': site, Cookie: cookie })
        .send(`recoveryEmail=${encodeURIComponent(ATTACKER_EMAIL)}`)
        .expect(403);
      expect(forged.body.code).toBe('cross_site_request');
      expect(forged.headers['x-auth-flow']).toBe('A,CSRF');
    }
    expect(await recoveryEmailOf('lockout', cookie)).toBeNull();
  });

  it('takes a change from its own page as JSON, and no plain form even from its own site', async () => {
    const { cookie } = await cookieLogin('lockout');
    await request(lab.app)
      .post('/api/stages/lockout/cookie/recovery-email')
      .set({ Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' })
      .type('form')
      .send('recoveryEmail=me%40example.com')
      .expect(415);
    await request(lab.app)
      .post('/api/stages/lockout/cookie/recovery-email')
      .set({ Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' })
      .send({ recoveryEmail: 'me@example.com' })
      .expect(200);
    expect(await recoveryEmailOf('lockout', cookie)).toBe('me@example.com');
  });

  it('ends the session on the server after its lifetime, whatever the browser keeps', async () => {
    const { cookie } = await cookieLogin('lockout');
    const ttlSeconds = (await request(lab.app).get('/api/stages/lockout')).body.policy.cookieSession.ttlSeconds as number;
    lab.clock.advanceSeconds(ttlSeconds - 1);
    await request(lab.app).get('/api/stages/lockout/cookie/account').set('Cookie', cookie).expect(200);
    lab.clock.advanceSeconds(1);
    const expired = await request(lab.app).get('/api/stages/lockout/cookie/account').set('Cookie', cookie).expect(403);
    expect(expired.body.code).toBe('no_session');
  });

  it('counts cookie logins against the same lockout and rate limit as token logins', async () => {
    await register(lab.app, 'lockout', 'alice').expect(201);
    const { maxFailures } = (await request(lab.app).get('/api/stages/lockout')).body.policy.lockout as { maxFailures: number };
    for (let attempt = 0; attempt < maxFailures; attempt += 1) {
      const route = attempt % 2 === 0 ? 'login' : 'cookie/login';
      await request(lab.app).post(`/api/stages/lockout/${route}`).send({ username: 'alice', password: 'wrong-password-here' }).expect(401);
    }
    const locked = await request(lab.app).post('/api/stages/lockout/cookie/login').send({ username: 'alice', password: GOOD_PASSWORD }).expect(423);
    expect(locked.headers['set-cookie']).toBeUndefined();
  });

  it("refuses another site's cookie logins before they count, so a page cannot spend the learner's login allowance", async () => {
    await register(lab.app, 'lockout', 'alice').expect(201);
    const { limit } = (await request(lab.app).get('/api/stages/lockout')).body.policy.rateLimit as { limit: number };
    for (let attempt = 0; attempt <= limit; attempt += 1) {
      const refused = await request(lab.app).post('/api/stages/lockout/cookie/login').set(CROSS_SITE_FORM).send('username=alice&password=x');
      expect(refused.status).toBe(403);
    }
    // Even a malformed JSON body from another site is refused as cross-site, never parsed.
    await request(lab.app)
      .post('/api/stages/lockout/cookie/recovery-email')
      .set({ ...CROSS_SITE_FORM, 'Content-Type': 'application/json' })
      .send('{')
      .expect(403);
    await request(lab.app).post('/api/stages/lockout/login').send({ username: 'alice', password: GOOD_PASSWORD }).expect(200);
  });

  it('deletes sessions past their lifetime during housekeeping, not only when they are presented', async () => {
    await cookieLogin('lockout');
    const sessions = (): number => (lab.sqlite.prepare("SELECT COUNT(*) AS n FROM sessions WHERE stage = 'lockout'").get() as { n: number }).n;
    expect(sessions()).toBe(1);
    const ttlSeconds = (await request(lab.app).get('/api/stages/lockout')).body.policy.cookieSession.ttlSeconds as number;
    lab.clock.advanceSeconds(ttlSeconds);
    // Any login attempt runs the housekeeping, at most once a minute.
    await request(lab.app).post('/api/stages/lockout/login').send({ username: 'nobody-here', password: 'wrong-password-here' }).expect(401);
    expect(sessions()).toBe(0);
  });

  it('logs out: the session ends on the server and the browser is told to drop the cookie', async () => {
    const { cookie } = await cookieLogin('lockout');
    const out = await request(lab.app).post('/api/stages/lockout/cookie/logout').set('Cookie', cookie).expect(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^__Host-authlab-lockout-session=; .*Expires=Thu, 01 Jan 1970/);
    await request(lab.app).get('/api/stages/lockout/cookie/account').set('Cookie', cookie).expect(403);
  });
});

describe('the cookie routes on either stage', () => {
  it.each(['jwt', 'lockout'])('%s: refuse a request with two Cookie headers, which could name the session twice', async (stage) => {
    const { cookie } = await cookieLogin(stage);
    const reply = await sendRaw(
      lab.app,
      `GET /api/stages/${stage}/cookie/account HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 403 /);
    expect(reply).toContain('"no_session"');
  });

  it.each(['jwt', 'lockout'])('%s: refuse a missing, malformed, oversized or unknown session with 403 no_session', async (stage) => {
    const { cookie } = await cookieLogin(stage);
    const name = cookie.split('=')[0] ?? '';
    const attempts = [undefined, `${name}=not a token`, `${name}=${'A'.repeat(43)}`, `${name}=${'x'.repeat(9000)}`];
    for (const header of attempts) {
      const pending = request(lab.app).get(`/api/stages/${stage}/cookie/account`);
      const response = await (header === undefined ? pending : pending.set('Cookie', header));
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('no_session');
    }
  });
});
