import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Server } from 'node:http';
import { WORKSPACE_HEADER } from '@authlab/contract';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { classroomOf } from '../src/app.ts';
import type { Classroom } from '../src/classroom/classroom.ts';
import { DEFAULT_WORKSPACE_LIMITS, type WorkspaceLimits } from '../src/classroom/workspace-gate.ts';
import { createHTTPServer } from '../src/http-server.ts';
import { GOOD_PASSWORD, createTestApp, type TestApp } from './helpers.ts';

/**
 * Issue 15, attacked from outside: each test is one finding of the outside review of classroom
 * mode, first proven failing, then fixed.
 */

interface Class {
  lab: TestApp;
  room: Classroom;
  server?: Server;
  sockets: Socket[];
}

const open: Class[] = [];
afterEach(async () => {
  for (const { lab, room, server, sockets } of open.splice(0)) {
    for (const socket of sockets) socket.destroy();
    room.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    lab.close();
  }
});

function startClass(limits: Partial<WorkspaceLimits> = {}): Class {
  const lab = createTestApp({ app: { classroom: { limits: { ...DEFAULT_WORKSPACE_LIMITS, ...limits } } } });
  const room = classroomOf(lab.app);
  if (room === undefined) throw new Error('not a classroom');
  const started: Class = { lab, room, sockets: [] };
  open.push(started);
  return started;
}

async function listen(started: Class): Promise<number> {
  const server = createHTTPServer(started.lab.app) as Server;
  started.server = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A new workspace's token, as the CLIs pass it. */
async function joinToken({ lab, room }: Class, name: string): Promise<string> {
  const response = await request(lab.app)
    .post('/api/classroom/join')
    .send({ displayName: name, joinCode: (await room.store.status()).joinCode })
    .expect(201);
  const line = (response.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('authlab_workspace='));
  return decodeURIComponent(line?.split(';')[0]?.split('=')[1] ?? '');
}

/** Sends a login's headers and as much of its body as `sent`, then nothing more (unless `sent` is the whole body). */
function rawLogin(started: Class, port: number, token: string, sent: 'all' | 'part'): Socket {
  const body = JSON.stringify({ username: 'nobody', password: GOOD_PASSWORD });
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(
    `POST /api/stages/bcrypt/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${WORKSPACE_HEADER}: ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${sent === 'all' ? body : body.slice(0, 5)}`,
  );
  started.sockets.push(socket);
  return socket;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A classmate's request on stage 6 (bcrypt), answered within `ms` or reported as unanswered (status 0). */
async function lockoutWithin(port: number, token: string, route: 'register' | 'login', ms: number): Promise<number> {
  const headers = { [WORKSPACE_HEADER]: token, 'content-type': 'application/json' };
  const body = JSON.stringify({ username: 'victim', password: GOOD_PASSWORD });
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/api/stages/lockout/${route}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(ms) });
    return answer.status;
  } catch {
    return 0;
  }
}

describe('the fair bcrypt queue', () => {
  it('frees a hash slot when a request waiting for it is abandoned (otherwise every bcrypt stage of the class hangs for good)', async () => {
    const started = startClass({ hashSlots: 1 });
    const port = await listen(started);
    const attacker = await joinToken(started, 'attacker');
    const victim = await joinToken(started, 'victim');
    expect(await lockoutWithin(port, victim, 'register', 3000)).toBe(201);
    // Holds the only slot while five full requests queue behind it, then they are all abandoned.
    const holder = rawLogin(started, port, attacker, 'part');
    await pause(100);
    const queued = Array.from({ length: 5 }, () => rawLogin(started, port, attacker, 'all'));
    await pause(100);
    for (const socket of queued) socket.destroy();
    await pause(100);
    holder.destroy();
    await pause(200);
    expect(await lockoutWithin(port, victim, 'login', 3000)).toBe(200);
  });

  it("does not let a stalled request body hold a hash slot (two slow uploads stop every classmate's login)", async () => {
    const started = startClass();
    const port = await listen(started);
    const attacker = await joinToken(started, 'attacker');
    const victim = await joinToken(started, 'victim');
    expect(await lockoutWithin(port, victim, 'register', 3000)).toBe(201);
    for (let slot = 0; slot < DEFAULT_WORKSPACE_LIMITS.hashSlots; slot++) rawLogin(started, port, attacker, 'part');
    await pause(200);
    expect(await lockoutWithin(port, victim, 'login', 3000)).toBe(200);
  });
});

describe('the per-workspace caps', () => {
  it('counts a registration sent to `/register/` (trailing slash) against the accounts per stage', async () => {
    const started = startClass({ maxUsersPerStage: 1 });
    const token = await joinToken(started, 'ada');
    const register = (path: string, username: string) =>
      request(started.lab.app).post(`/api/stages/plaintext${path}`).set(WORKSPACE_HEADER, token).send({ username, password: GOOD_PASSWORD });
    expect((await register('/register', 'first')).status).toBe(201);
    expect((await register('/register', 'second')).status).toBe(429);
    expect((await register('/register/', 'third')).status).toBe(429);
  });
});

describe('live streams', () => {
  it("keeps the instructor's dashboard stream open to the instructor while anonymous visitors hold 1000 learner streams", async () => {
    const started = startClass();
    const port = await listen(started);
    await Promise.all(
      Array.from(
        { length: 1000 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => socket.write(`GET /api/classroom/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
            socket.on('error', () => resolve());
            socket.once('data', () => resolve());
            started.sockets.push(socket);
          }),
      ),
    );
    const signIn = await request(started.lab.app)
      .post('/api/classroom/instructor/session')
      .send({ secret: await started.room.store.issueInstructorSecret() })
      .expect(204);
    const cookie = (signIn.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0] ?? '';
    const stream = await fetch(`http://127.0.0.1:${port}/api/classroom/instructor/events`, { headers: { cookie }, signal: AbortSignal.timeout(3000) });
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
  });
});

describe('wrong guesses', () => {
  it("does not let a classmate's wrong join codes lock the instructor out of signing in from the same address", async () => {
    const started = startClass();
    for (let guess = 0; guess < 20; guess++) {
      await request(started.lab.app).post('/api/classroom/join').send({ displayName: 'mallory', joinCode: 'AAAA-AAAA' });
    }
    const signIn = await request(started.lab.app)
      .post('/api/classroom/instructor/session')
      .send({ secret: await started.room.store.issueInstructorSecret() });
    expect(signIn.status).toBe(204);
  });
});

describe('resume links', () => {
  it('refuses to swap a browser that already has a workspace into another one (a classmate’s resume link is a login CSRF)', async () => {
    const started = startClass();
    const own = await joinToken(started, 'victim');
    const attackers = await joinToken(started, 'attacker');
    const response = await request(started.lab.app).post('/api/classroom/resume').set('Cookie', `authlab_workspace=${own}`).send({ token: attackers });
    expect(response.status).toBe(409);
  });
});

describe('the CSV export', () => {
  it('refuses a quiz named after what every object has (`constructor`), and leaves other learners’ cells empty', async () => {
    const started = startClass();
    const mallory = await joinToken(started, 'mallory');
    await joinToken(started, 'bob');
    for (const lesson of ['constructor', 'toString', 'hasOwnProperty']) {
      await request(started.lab.app).post('/api/classroom/progress').set(WORKSPACE_HEADER, mallory).send({ kind: 'quiz', lesson, correct: 1, total: 2 }).expect(400);
    }
    await request(started.lab.app).post('/api/classroom/progress').set(WORKSPACE_HEADER, mallory).send({ kind: 'quiz', lesson: 'jwt', correct: 1, total: 2 }).expect(204);
    const signIn = await request(started.lab.app)
      .post('/api/classroom/instructor/session')
      .send({ secret: await started.room.store.issueInstructorSecret() })
      .expect(204);
    const cookie = (signIn.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0] ?? '';
    const csv = await request(started.lab.app).get('/api/classroom/instructor/export?format=csv').set('Cookie', cookie).expect(200);
    const bob = csv.text.split('\r\n').find((line) => line.startsWith('"bob"'));
    expect(bob).not.toContain('undefined');
  });
});
