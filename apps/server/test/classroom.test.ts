import type { AddressInfo } from 'node:net';
import { getAttack } from '@authlab/attacks';
import { mismatches, runChecks } from '@authlab/checks';
import { createStageTarget, WORKSPACE_HEADER, type ClassSnapshot, type ClassroomStatus } from '@authlab/contract';
import type { Express } from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { classroomOf } from '../src/app.ts';
import type { Classroom } from '../src/classroom/classroom.ts';
import { DEFAULT_WORKSPACE_LIMITS, type WorkspaceLimits } from '../src/classroom/workspace-gate.ts';
import { createHTTPServer } from '../src/http-server.ts';
import { plaintextStage } from '../src/stages/01-plaintext.ts';
import { GOOD_PASSWORD, createTestApp, type TestApp } from './helpers.ts';

/**
 * Classroom mode over HTTP: learners join with the class's code and get a workspace each;
 * nothing one does reaches another; the instructor's routes answer the instructor only.
 */

interface Class {
  lab: TestApp;
  app: Express;
  room: Classroom;
}

const open: Class[] = [];
afterEach(() => {
  for (const { lab, room } of open.splice(0)) {
    room.close();
    lab.close();
  }
});

function startClass(limits: Partial<WorkspaceLimits> = {}, options: { trustProxy?: number; bcryptCost?: number } = {}): Class {
  const { bcryptCost, ...appOptions } = options;
  const lab = createTestApp({
    settings: { rateLimit: { limit: 8, windowSeconds: 60 }, ...(bcryptCost === undefined ? {} : { bcryptCost }) },
    app: { classroom: { limits: { ...DEFAULT_WORKSPACE_LIMITS, ...limits } }, ...appOptions },
  });
  const room = classroomOf(lab.app);
  if (room === undefined) throw new Error('not a classroom');
  const started = { lab, app: lab.app, room };
  open.push(started);
  return started;
}

/** Joins as `name` and returns the `Cookie` header value that opens the new workspace. */
async function join({ app, room }: Class, name: string): Promise<string> {
  const response = await request(app)
    .post('/api/classroom/join')
    .send({ displayName: name, joinCode: (await room.store.status()).joinCode })
    .expect(201);
  return cookieOf(response.headers['set-cookie'], 'authlab_workspace');
}

function cookieOf(setCookie: unknown, name: string): string {
  const line = (Array.isArray(setCookie) ? (setCookie as string[]) : []).find((candidate) => candidate.startsWith(`${name}=`));
  if (line === undefined) throw new Error(`no ${name} cookie set`);
  return line.split(';')[0] ?? '';
}

async function signInInstructor({ app, room }: Class): Promise<string> {
  const response = await request(app)
    .post('/api/classroom/instructor/session')
    .send({ secret: await room.store.issueInstructorSecret() })
    .expect(204);
  return cookieOf(response.headers['set-cookie'], 'authlab_instructor');
}

const inWorkspace = (app: Express, cookie: string) => ({
  get: (path: string) => request(app).get(path).set('Cookie', cookie),
  post: (path: string, body?: object) => request(app).post(path).set('Cookie', cookie).send(body),
});

describe('a local lab', () => {
  it('says it is local and has no classroom routes', async () => {
    const lab = createTestApp();
    try {
      expect((await request(lab.app).get('/api/classroom').expect(200)).body).toEqual({ mode: 'local' });
      await request(lab.app).get('/api/classroom/instructor/class').expect(404);
      await request(lab.app).post('/api/classroom/join').send({ displayName: 'Ada', joinCode: 'x' }).expect(404);
    } finally {
      lab.close();
    }
  });
});

describe('joining a class', () => {
  it('gives a workspace behind an HttpOnly, SameSite=Strict cookie for the right code, and nothing for a wrong one', async () => {
    const room = startClass();
    const wrong = await request(room.app).post('/api/classroom/join').send({ displayName: 'Eve', joinCode: 'AAAA-AAAA' }).expect(403);
    expect(wrong.body.code).toBe('wrong_join_code');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const response = await request(room.app)
      .post('/api/classroom/join')
      .send({ displayName: ' Ada ', joinCode: (await room.room.store.status()).joinCode?.toLowerCase() })
      .expect(201);
    const line = (response.headers['set-cookie'] as unknown as string[])[0] ?? '';
    expect(line).toMatch(/^authlab_workspace=[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}; /);
    expect(line).toContain('HttpOnly');
    expect(line).toContain('SameSite=Strict');
    expect(line).toContain('Path=/');
    expect(line).not.toContain('Secure');
    const status = (
      await request(room.app)
        .get('/api/classroom')
        .set('Cookie', line.split(';')[0] ?? '')
        .expect(200)
    ).body as ClassroomStatus;
    expect(status).toMatchObject({ mode: 'classroom', joinOpen: true, learner: { displayName: 'Ada' }, instructor: false });
  });

  it('marks the cookie Secure behind a trusted TLS proxy, and only then', async () => {
    for (const [trustProxy, secure] of [
      [1, true],
      [undefined, false],
    ] as const) {
      const room = startClass({}, trustProxy === undefined ? {} : { trustProxy });
      const response = await request(room.app)
        .post('/api/classroom/join')
        .set('X-Forwarded-Proto', 'https')
        .send({ displayName: 'Ada', joinCode: (await room.room.store.status()).joinCode })
        .expect(201);
      const line = String(response.headers['set-cookie']);
      expect(line.includes('; Secure'), `trust proxy ${trustProxy}`).toBe(secure);
      // Over HTTPS the name carries the __Host- prefix, which only the exact, secure origin can set.
      expect(line.startsWith('__Host-authlab_workspace='), `trust proxy ${trustProxy}`).toBe(secure);
      if (secure) {
        const cookie = line.split(';')[0] ?? '';
        const https = (path: string) => request(room.app).get(path).set('X-Forwarded-Proto', 'https');
        await https('/api/stages/plaintext').set('Cookie', cookie).expect(200);
        // Over HTTPS the unprefixed name, which a sibling subdomain could plant, opens nothing.
        await https('/api/stages/plaintext').set('Cookie', cookie.replace('__Host-', '')).expect(401);
      }
    }
  });

  it('refuses display names with control or invisible formatting characters, and bodies with extra fields', async () => {
    const room = startClass();
    const joinCode = (await room.room.store.status()).joinCode;
    const invisible = ['\u3164\u3164\u3164', '\u2800', `a${'\u0301'.repeat(5)}`, '...'];
    for (const displayName of ['', '   ', 'A\u202Eevil', 'zero\u200Bwidth', 'line\nbreak', 'x'.repeat(41), 42, ...invisible]) {
      const response = await request(room.app).post('/api/classroom/join').send({ displayName, joinCode }).expect(400);
      expect(response.body.code, JSON.stringify(displayName)).toBe('invalid_input');
    }
    await request(room.app).post('/api/classroom/join').send({ displayName: 'Ada', joinCode, admin: true }).expect(400);
    await request(room.app).post('/api/classroom/join').set('Content-Type', 'application/json').send('{"displayName":').expect(400);
    expect(await room.room.store.list()).toEqual([]);
    // Accented names and scripts other than Latin are names like any other.
    await request(room.app).post('/api/classroom/join').send({ displayName: 'Zoë 李', joinCode }).expect(201);
  });

  it('stops taking joins when the instructor closes them, and takes only the new code after a rotation', async () => {
    const room = startClass();
    const instructor = await signInInstructor(room);
    const old = (await room.room.store.status()).joinCode;
    const rotated = await request(room.app).post('/api/classroom/instructor/join-code').set('Cookie', instructor).send({ action: 'rotate' }).expect(200);
    expect(rotated.body.joinCode).not.toBe(old);
    expect(rotated.body.classLink).toMatch(/\/#\/join\/[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await request(room.app).post('/api/classroom/join').send({ displayName: 'Ada', joinCode: old }).expect(403);
    await request(room.app).post('/api/classroom/join').send({ displayName: 'Ada', joinCode: rotated.body.joinCode }).expect(201);
    await request(room.app).post('/api/classroom/instructor/join-code').set('Cookie', instructor).send({ action: 'close' }).expect(200);
    const closed = await request(room.app).post('/api/classroom/join').send({ displayName: 'Bo', joinCode: rotated.body.joinCode }).expect(403);
    expect(closed.body.code).toBe('join_closed');
  });

  it('slows down anyone guessing codes: the 101st wrong guess from one address is refused unanswered', async () => {
    const room = startClass();
    for (let guess = 0; guess < 100; guess++)
      await request(room.app)
        .post('/api/classroom/join')
        .send({ displayName: 'Eve', joinCode: `GUESS-${guess}` })
        .expect(403);
    const refused = await request(room.app)
      .post('/api/classroom/join')
      .send({ displayName: 'Eve', joinCode: (await room.room.store.status()).joinCode })
      .expect(429);
    expect(refused.body.code).toBe('rate_limited');
  });

  it('moves a workspace to another browser with a resume link, and refuses a made-up one', async () => {
    const room = startClass();
    const cookie = await join(room, 'Ada');
    await inWorkspace(room.app, cookie).post('/api/stages/plaintext/register', { username: 'carol', password: GOOD_PASSWORD }).expect(201);
    const { link } = (await inWorkspace(room.app, cookie).post('/api/classroom/resume-link').expect(200)).body as { link: string };
    const token = /#\/resume\/(.+)$/.exec(link)?.[1] ?? '';
    // Even a browser without a workspace is told whose workspace the link opens, and binds it only when asked to.
    const asked = await request(room.app).post('/api/classroom/resume').send({ token }).expect(409);
    expect(asked.body).toMatchObject({ code: 'confirm_resume', error: expect.stringContaining("Ada's workspace") });
    expect(asked.headers['set-cookie']).toBeUndefined();
    const resumed = await request(room.app).post('/api/classroom/resume').send({ token, replace: true }).expect(204);
    const elsewhere = cookieOf(resumed.headers['set-cookie'], 'authlab_workspace');
    expect((await inWorkspace(room.app, elsewhere).get('/api/stages/plaintext/breach').expect(200)).body.users).toHaveLength(1);
    await request(room.app)
      .post('/api/classroom/resume')
      .send({ token: `${token.slice(0, -2)}xx`, replace: true })
      .expect(401);
    // A browser in a workspace already hears that its own stays open to its link.
    const bo = await join(room, 'Bo');
    const switching = await request(room.app).post('/api/classroom/resume').set('Cookie', bo).send({ token }).expect(409);
    expect(switching.body.error).toContain("(Bo's) stays open to its resume link");
    await request(room.app).post('/api/classroom/resume').set('Cookie', bo).send({ token, replace: true }).expect(204);
    await request(room.app).post('/api/classroom/resume-link').expect(401);
  });
});

describe('workspaces', () => {
  it('answer 401 to a missing, guessed or tampered token, by cookie or by header', async () => {
    const room = startClass();
    const cookie = await join(room, 'Ada');
    const token = cookie.split('=')[1] ?? '';
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const path of ['/api/stages', '/api/stages/plaintext', '/api/stages/plaintext/breach']) {
      expect((await request(room.app).get(path).expect(401)).body.code).toBe('workspace_required');
      await request(room.app).get(path).set('Cookie', `authlab_workspace=${tampered}`).expect(401);
      await request(room.app).get(path).set(WORKSPACE_HEADER, tampered).expect(401);
      await request(room.app).get(path).set(WORKSPACE_HEADER, 'x'.repeat(5000)).expect(401);
      await request(room.app).get(path).set(WORKSPACE_HEADER, token).expect(200);
    }
    await request(room.app).post('/api/stages/plaintext/register').send({ username: 'carol', password: GOOD_PASSWORD }).expect(401);
    await request(room.app).post('/api/relay').send({ method: 'GET', path: '/api/stages/plaintext', headers: {} }).expect(401);
  });

  it('keep users, lockouts, rate limits, demo clocks, mistakes and resets to themselves', async () => {
    const room = startClass();
    const ada = inWorkspace(room.app, await join(room, 'Ada'));
    const bo = inWorkspace(room.app, await join(room, 'Bo'));
    // Users.
    await ada.post('/api/stages/plaintext/register', { username: 'carol', password: 'ada-secret' }).expect(201);
    expect((await bo.get('/api/stages/plaintext/breach').expect(200)).body.users).toEqual([]);
    await bo.post('/api/stages/plaintext/register', { username: 'carol', password: 'bo-secret' }).expect(201);
    expect((await ada.get('/api/stages/plaintext/breach')).body.users).toEqual([{ username: 'carol', stored: 'ada-secret' }]);
    // Lockouts: five wrong guesses lock Ada's frank, not Bo's.
    for (const learner of [ada, bo]) await learner.post('/api/stages/lockout/register', { username: 'frank', password: GOOD_PASSWORD }).expect(201);
    for (let guess = 0; guess < 5; guess++) await ada.post('/api/stages/lockout/login', { username: 'frank', password: 'wrong-guess' });
    await ada.post('/api/stages/lockout/login', { username: 'frank', password: GOOD_PASSWORD }).expect(423);
    await bo.post('/api/stages/lockout/login', { username: 'frank', password: GOOD_PASSWORD }).expect(200);
    // Rate limits (eight logins a minute here, six spent above): Ada's are spent, Bo's are not.
    for (let attempt = 0; attempt < 2; attempt++) await ada.post('/api/stages/lockout/login', { username: 'nobody', password: 'x' });
    await ada.post('/api/stages/lockout/login', { username: 'nobody', password: 'x' }).expect(429);
    await bo.post('/api/stages/lockout/login', { username: 'nobody', password: 'x' }).expect(401);
    // Demo clock and instructor mistakes, switched by the workspace's owner from wherever they are.
    await ada.post('/api/stages/jwt/clock', { advanceSeconds: 3600 }).expect(200);
    await ada.post('/api/stages/jwt/mistakes', { mistake: 'skip-exp-check', enabled: true }).expect(200);
    expect((await bo.get('/api/stages/jwt').expect(200)).body.lab).toMatchObject({ clockOffsetSeconds: 0, mistakes: [] });
    expect((await ada.get('/api/stages/jwt').expect(200)).body.lab).toMatchObject({ clockOffsetSeconds: 3600, mistakes: ['skip-exp-check'] });
    // Reset.
    await bo.post('/api/stages/plaintext/reset').expect(204);
    expect((await ada.get('/api/stages/plaintext/breach')).body.users).toHaveLength(1);
    // A token from one workspace's stage is no token in the other's.
    await bo.post('/api/stages/jwt/register', { username: 'dave', password: GOOD_PASSWORD }).expect(201);
    await ada.post('/api/stages/jwt/register', { username: 'dave', password: GOOD_PASSWORD }).expect(201);
    const token = (await ada.post('/api/stages/jwt/login', { username: 'dave', password: GOOD_PASSWORD }).expect(200)).body.token as string;
    await bo.get('/api/stages/jwt/records').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('fifty learners registering the same name each read back only their own password', async () => {
    const room = startClass();
    const learners = await Promise.all(Array.from({ length: 50 }, async (_, index) => ({ index, session: inWorkspace(room.app, await join(room, `Learner ${index}`)) })));
    await Promise.all(learners.map(({ index, session }) => session.post('/api/stages/plaintext/register', { username: 'carol', password: `secret-${index}` }).expect(201)));
    const dumps = await Promise.all(learners.map(({ session }) => session.get('/api/stages/plaintext/breach').expect(200)));
    dumps.forEach((dump, index) => expect(dump.body.users).toEqual([{ username: 'carol', stored: `secret-${index}` }]));
    // One learner's reset empties their stage alone.
    await learners[7]?.session.post('/api/stages/plaintext/reset').expect(204);
    const after = await Promise.all(learners.map(({ session }) => session.get('/api/stages/plaintext/breach')));
    expect(after.map((dump) => dump.body.users.length)).toEqual(learners.map(({ index }) => (index === 7 ? 0 : 1)));
  });

  it('run the relay, the checks and the attacks in the asker’s own workspace, and refuse the relay to a learner’s own API', async () => {
    const room = startClass();
    const adaToken = tokenIn(await join(room, 'Ada'));
    const boToken = tokenIn(await join(room, 'Bo'));
    const server = createHTTPServer(room.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const breachOf = async (token: string) =>
        ((await (await fetch(`${url}/api/stages/plaintext/breach`, { headers: { [WORKSPACE_HEADER]: token } })).json()) as { users: unknown[] }).users;
      // A relayed request naming another workspace's token still lands in the asker's own.
      const answer = await fetch(`${url}/api/relay`, {
        method: 'POST',
        headers: { Cookie: `authlab_workspace=${adaToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          method: 'POST',
          path: '/api/stages/plaintext/register',
          headers: { 'Content-Type': 'application/json', 'authlab-workspace': boToken },
          body: JSON.stringify({ username: 'carol', password: GOOD_PASSWORD }),
        }),
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { status: number }).status).toBe(201);
      expect(await breachOf(adaToken)).toHaveLength(1);
      expect(await breachOf(boToken)).toHaveLength(0);

      // Ada brute-forces her stage 1 while Bo runs his checks there: each gets the stage's own answer.
      const [attack, checks] = await Promise.all([
        getAttack('brute-force').run(createStageTarget(url, 'plaintext', { workspaceToken: adaToken })),
        runChecks(createStageTarget(url, 'plaintext', { workspaceToken: boToken }), { expected: plaintextStage.expectedChecks }),
      ]);
      expect(attack.status).toBe('cracked');
      expect(mismatches(checks)).toEqual([]);
      expect(await breachOf(adaToken)).not.toContainEqual(expect.objectContaining({ username: expect.stringMatching(/^check-/) }));

      const own = await fetch(`${url}/api/relay/own`, {
        method: 'POST',
        headers: { Cookie: `authlab_workspace=${adaToken}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(own.status).toBe(403);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it('sniff the victim’s request inside the learner’s workspace, with the workspace token starred out of the capture', async () => {
    const room = startClass();
    const cookie = await join(room, 'Ada');
    const token = tokenIn(cookie);
    await inWorkspace(room.app, cookie).post('/api/stages/basic/register', { username: 'carol', password: GOOD_PASSWORD }).expect(201);
    const server = createHTTPServer(room.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const response = await fetch(`${url}/api/stages/basic/sniff`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json' },
        body: JSON.stringify({ authorization: `Basic ${Buffer.from(`carol:${GOOD_PASSWORD}`).toString('base64')}` }),
      });
      const capture = (await response.json()) as { victimStatus: number; text: string };
      // 200: the victim's request reached Ada's stage, where carol exists.
      expect(capture.victimStatus).toBe(200);
      expect(capture.text).toContain('Authorization: Basic');
      expect(capture.text).not.toContain(token);
      expect(capture.text).toContain(`AuthLab-Workspace: ${'*'.repeat(token.length)}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('cap a workspace’s requests, concurrency and accounts with a JSON 429 that names the workspace', async () => {
    const room = startClass({ requestsPerWindow: 5, maxUsersPerStage: 2 });
    const ada = inWorkspace(room.app, await join(room, 'Ada'));
    const bo = inWorkspace(room.app, await join(room, 'Bo'));
    await ada.post('/api/stages/plaintext/register', { username: 'one', password: 'x' }).expect(201);
    await ada.post('/api/stages/plaintext/register', { username: 'two', password: 'x' }).expect(201);
    const full = await ada.post('/api/stages/plaintext/register', { username: 'three', password: 'x' }).expect(429);
    expect(full.body.code).toBe('workspace_full');
    expect(full.headers['authlab-workspace-limit']).toBe('full');
    // However the path is spelled, the cap is the store's.
    await ada.post('/api/stages/plaintext/REGISTER/', { username: 'four', password: 'x' }).expect(429);
    for (let index = 0; index < 2; index++) await ada.get('/api/stages/plaintext');
    const busy = await ada.get('/api/stages/plaintext').expect(429);
    expect(busy.body).toMatchObject({ code: 'workspace_busy' });
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.headers['authlab-workspace-limit']).toBe('busy');
    // The cap is Ada's: Bo is served.
    await bo.get('/api/stages/plaintext').expect(200);
  });
});

const tokenIn = (cookie: string): string => cookie.slice(cookie.indexOf('=') + 1);

describe('bcrypt in a class', () => {
  it('serves hashes workspace by workspace: a classmate’s login overtakes most of a brute-forcer’s queued guesses', async () => {
    // One slot and a real cost, so the guesses really queue; the order of answers, not their timing, is what is asserted.
    const room = startClass({ hashSlots: 1 }, { bcryptCost: 10 });
    const [mallory, ada] = [await join(room, 'Mallory'), await join(room, 'Ada')];
    for (const cookie of [mallory, ada]) await inWorkspace(room.app, cookie).post('/api/stages/bcrypt/register', { username: 'carol', password: GOOD_PASSWORD }).expect(201);
    const server = createHTTPServer(room.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stages/bcrypt/login`;
      const order: string[] = [];
      const login = async (who: string, token: string, password: string): Promise<void> => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { [WORKSPACE_HEADER]: token, 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'carol', password }),
        });
        await response.body?.cancel();
        order.push(who);
      };
      const guesses = Array.from({ length: 16 }, () => login('mallory', tokenIn(mallory), 'wrong-guess'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all([...guesses, login('ada', tokenIn(ada), GOOD_PASSWORD)]);
      // First come, first served would put Ada behind every guess still waiting; in turn, she is served within a couple.
      expect(order.indexOf('ada')).toBeLessThan(8);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it('answers a workspace past its requests in flight with the classroom’s 429', async () => {
    const room = startClass({ hashSlots: 1, maxInFlight: 2 }, { bcryptCost: 10 });
    const ada = inWorkspace(room.app, await join(room, 'Ada'));
    await ada.post('/api/stages/bcrypt/register', { username: 'carol', password: GOOD_PASSWORD }).expect(201);
    const answers = await Promise.all(Array.from({ length: 4 }, () => ada.post('/api/stages/bcrypt/login', { username: 'carol', password: 'wrong-guess' })));
    const busy = answers.filter((answer) => answer.status === 429);
    expect(busy.map((answer) => answer.body.error as string)).toContainEqual(expect.stringContaining('waiting for 2 answers already'));
    for (const answer of busy) expect(answer.headers['authlab-workspace-limit']).toBe('busy');
  });
});

describe('the instructor', () => {
  it('is the only one the dashboard answers: 401 for a visitor, 403 for a learner, and the link works once', async () => {
    const room = startClass();
    const learner = await join(room, 'Ada');
    const secret = await room.room.store.issueInstructorSecret();
    for (const [method, path] of [
      ['get', '/api/classroom/instructor/class'],
      ['get', '/api/classroom/instructor/events'],
      ['get', '/api/classroom/instructor/export?format=csv'],
      ['post', '/api/classroom/instructor/follow'],
      ['post', '/api/classroom/instructor/link'],
      ['post', '/api/classroom/instructor/join-code'],
      ['post', '/api/classroom/instructor/learners/w-x/remove'],
    ] as const) {
      expect((await request(room.app)[method](path).expect(401)).body.code, path).toBe('instructor_required');
      expect((await request(room.app)[method](path).set('Cookie', learner).expect(403)).body.code, path).toBe('instructor_only');
      await request(room.app)[method](path).set('Cookie', 'authlab_instructor=forged').expect(401);
    }
    const first = await request(room.app).post('/api/classroom/instructor/session').send({ secret }).expect(204);
    const instructor = cookieOf(first.headers['set-cookie'], 'authlab_instructor');
    await request(room.app).post('/api/classroom/instructor/session').send({ secret }).expect(401);
    const snapshot = (await request(room.app).get('/api/classroom/instructor/class').set('Cookie', instructor).expect(200)).body as ClassSnapshot;
    expect(snapshot.learners.map((row) => row.displayName)).toEqual(['Ada']);
    expect(JSON.stringify(snapshot)).not.toContain(learner.split('=')[1]?.split('.')[1]);
  });

  it('sees progress, resets and removes a learner, sets the follow banner, and exports CSV safe for spreadsheets', async () => {
    const room = startClass();
    const instructor = await signInInstructor(room);
    const adaCookie = await join(room, 'Ada');
    const ada = inWorkspace(room.app, adaCookie);
    const mallory = inWorkspace(room.app, await join(room, '=HYPERLINK("http://evil.example")'));
    await ada
      .post('/api/classroom/progress', { kind: 'checks', stage: 'plaintext', verdicts: { 'no-plaintext-storage': 'fail', 'salted-hash': 'fail', 'tamper-rejected': 'pass' } })
      .expect(204);
    await ada.post('/api/classroom/progress', { kind: 'quiz', lesson: 'plaintext', correct: 3, total: 4 }).expect(204);
    await mallory.post('/api/classroom/progress', { kind: 'quiz', lesson: 'plaintext', correct: 5, total: 4 }).expect(400);
    await mallory.post('/api/classroom/progress', { kind: 'checks', stage: 'nowhere', verdicts: {} }).expect(400);
    await mallory.post('/api/classroom/progress', { kind: 'checks', stage: 'plaintext', verdicts: { 'made-up': 'pass' } }).expect(400);
    // Only pages that have a quiz: no made-up columns on the dashboard.
    await mallory.post('/api/classroom/progress', { kind: 'quiz', lesson: 'made-up-page', correct: 1, total: 1 }).expect(400);
    const snapshot = (await request(room.app).get('/api/classroom/instructor/class').set('Cookie', instructor).expect(200)).body as ClassSnapshot;
    const adaRow = snapshot.learners.find((row) => row.displayName === 'Ada');
    expect(adaRow?.stages.plaintext).toMatchObject({ pass: 1, fail: 2, notApplicable: 0, passed: ['tamper-rejected'] });
    expect(adaRow?.quizzes.plaintext).toMatchObject({ correct: 3, total: 4 });

    const csv = await request(room.app).get('/api/classroom/instructor/export?format=csv').set('Cookie', instructor).expect(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="?authlab-class-\d{4}-\d{2}-\d{2}\.csv"?$/);
    expect(csv.text).toContain('"Ada"');
    expect(csv.text).toContain('"1/3"');
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    await request(room.app).get('/api/classroom/instructor/export?format=xml').set('Cookie', instructor).expect(400);

    await request(room.app).post('/api/classroom/instructor/follow').set('Cookie', instructor).send({ stage: 'jwt' }).expect(204);
    expect(((await ada.get('/api/classroom').expect(200)).body as ClassroomStatus & { follow: string }).follow).toBe('jwt');
    await request(room.app).post('/api/classroom/instructor/follow').set('Cookie', instructor).send({ stage: 'nowhere' }).expect(400);

    await ada.post('/api/stages/plaintext/register', { username: 'carol', password: 'x' }).expect(201);
    const adaId = adaRow?.id ?? '';
    await request(room.app).post(`/api/classroom/instructor/learners/${adaId}/reset`).set('Cookie', instructor).expect(204);
    expect((await ada.get('/api/stages/plaintext/breach')).body.users).toEqual([]);
    await request(room.app).post(`/api/classroom/instructor/learners/${adaId}/remove`).set('Cookie', instructor).expect(204);
    await ada.get('/api/stages/plaintext').expect(401);
    expect(((await request(room.app).get('/api/classroom').set('Cookie', adaCookie)).body as { learner: unknown }).learner).toBeNull();
    await request(room.app).post(`/api/classroom/instructor/learners/${adaId}/remove`).set('Cookie', instructor).expect(404);
  });
});

describe('live updates', () => {
  it('push a snapshot to the dashboard within a second of a learner’s progress, and the follow stage to learners', async () => {
    const room = startClass();
    const instructor = await signInInstructor(room);
    const adaCookie = await join(room, 'Ada');
    const server = createHTTPServer(room.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stop = new AbortController();
    try {
      const dashboard = readEvents(await fetch(`${url}/api/classroom/instructor/events`, { headers: { Cookie: instructor }, signal: stop.signal }));
      const learner = readEvents(await fetch(`${url}/api/classroom/events`, { headers: { Cookie: adaCookie }, signal: stop.signal }));
      expect((await dashboard.next('class')).learners).toHaveLength(1);
      // Streams are for members: a visitor gets none, and one workspace at most six.
      expect((await fetch(`${url}/api/classroom/events`, { signal: stop.signal })).status).toBe(401);
      const more = await Promise.all(Array.from({ length: 6 }, () => fetch(`${url}/api/classroom/events`, { headers: { Cookie: adaCookie }, signal: stop.signal })));
      expect(more.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 429]);
      await Promise.all(more.slice(0, 5).map((response) => response.body?.cancel()));
      expect((await learner.next('status')).follow).toBeNull();
      const reportedAt = Date.now();
      await inWorkspace(room.app, adaCookie)
        .post('/api/classroom/progress', { kind: 'checks', stage: 'plaintext', verdicts: { 'salted-hash': 'pass' } })
        .expect(204);
      // A snapshot from Ada's own join may still be on its way; the progress arrives in the next.
      let pushed = (await dashboard.next('class')) as unknown as ClassSnapshot;
      if (pushed.learners[0]?.stages.plaintext === undefined) pushed = (await dashboard.next('class')) as unknown as ClassSnapshot;
      expect(Date.now() - reportedAt).toBeLessThan(1000);
      expect(pushed.learners[0]?.stages.plaintext?.passed).toEqual(['salted-hash']);
      await request(room.app).post('/api/classroom/instructor/follow').set('Cookie', instructor).send({ stage: 'bcrypt' }).expect(204);
      // A status from Ada's own join may still be on its way; the follow arrives right after.
      let status = await learner.next('status');
      if (status.follow === null) status = await learner.next('status');
      expect(status.follow).toBe('bcrypt');
    } finally {
      stop.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/** Reads a text/event-stream answer one named event at a time. */
function readEvents(response: Response): { next(event: string): Promise<Record<string, unknown>> } {
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = (response.body ?? new ReadableStream()).pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  return {
    async next(event) {
      for (;;) {
        const blocks = buffered.split('\n\n');
        buffered = blocks.pop() ?? '';
        const found = blocks.find((block) => block.startsWith(`event: ${event}\n`));
        if (found !== undefined) {
          const rest = blocks.slice(blocks.indexOf(found) + 1);
          buffered = [...rest, buffered].join('\n\n');
          return JSON.parse(found.split('\ndata: ')[1] ?? 'null') as Record<string, unknown>;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before a ${event} event`);
        buffered = [...blocks.filter((block) => block !== ''), ''].join('\n\n') + value;
      }
    },
  };
}

describe('attack runs', () => {
  it('are one at a time per workspace: a second is refused until the first ends or its lease runs out, and a classmate is not held up', async () => {
    const room = startClass();
    const instructor = await signInInstructor(room);
    const ada = inWorkspace(room.app, await join(room, 'Ada'));
    const bo = inWorkspace(room.app, await join(room, 'Bo'));
    const first = (await ada.post('/api/classroom/attack-runs', { attack: 'brute-force', stage: 'plaintext' }).expect(201)).body as { id: string; until: string };
    const second = await ada.post('/api/classroom/attack-runs', { attack: 'password-spraying', stage: 'bcrypt' }).expect(429);
    expect(second.body.code).toBe('attack_running');
    expect(second.body.error).toContain('brute-force on plaintext');
    await bo.post('/api/classroom/attack-runs', { attack: 'brute-force', stage: 'plaintext' }).expect(201);
    const snapshot = (await request(room.app).get('/api/classroom/instructor/class').set('Cookie', instructor)).body as ClassSnapshot;
    expect(snapshot.learners.find((row) => row.displayName === 'Ada')?.attacking).toEqual({ attack: 'brute-force', stage: 'plaintext' });
    // Only the holder's id ends the run.
    await bo.post(`/api/classroom/attack-runs/${first.id}/end`).expect(404);
    await ada.post(`/api/classroom/attack-runs/${first.id}/end`).expect(204);
    const third = (await ada.post('/api/classroom/attack-runs', { attack: 'password-spraying', stage: 'bcrypt' }).expect(201)).body as { id: string };
    // A tab closed mid-run: the slot frees itself when the lease runs out.
    room.lab.clock.advanceSeconds(91);
    await ada.post('/api/classroom/attack-runs', { attack: 'brute-force', stage: 'plaintext' }).expect(201);
    await ada.post(`/api/classroom/attack-runs/${third.id}/end`).expect(404);
    await ada.post('/api/classroom/attack-runs', { attack: 'nothing', stage: 'plaintext' }).expect(400);
    // A long run (a whole matrix) renews its lease and keeps the slot past 90 s.
    room.lab.clock.advanceSeconds(91);
    const matrix = (await bo.post('/api/classroom/attack-runs', { attack: 'all', stage: 'all' }).expect(201)).body as { id: string };
    room.lab.clock.advanceSeconds(60);
    await bo.post(`/api/classroom/attack-runs/${matrix.id}/renew`).expect(200);
    room.lab.clock.advanceSeconds(60);
    const held = await bo.post('/api/classroom/attack-runs', { attack: 'brute-force', stage: 'plaintext' }).expect(429);
    expect(held.body.error).toContain('every attack on every stage');
    await ada.post(`/api/classroom/attack-runs/${matrix.id}/renew`).expect(404);
    await request(room.app).post('/api/classroom/attack-runs').send({ attack: 'brute-force', stage: 'plaintext' }).expect(401);
  });
});
