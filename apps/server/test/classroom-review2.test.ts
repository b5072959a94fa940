import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { classroomOf } from '../src/app.ts';
import type { Classroom } from '../src/classroom/classroom.ts';
import { createHTTPServer } from '../src/http-server.ts';
import { createTestApp, type TestApp } from './helpers.ts';

/**
 * Findings of the second outside review of classroom mode, each first proven failing, then fixed.
 */

const open: { lab: TestApp; room: Classroom }[] = [];
afterEach(() => {
  for (const { lab, room } of open.splice(0)) {
    room.close();
    lab.close();
  }
});

function startClass(trustProxy?: string): { lab: TestApp; room: Classroom } {
  const lab = createTestApp({
    settings: { rateLimit: { limit: 3, windowSeconds: 60 } },
    app: { classroom: {}, ...(trustProxy === undefined ? {} : { trustProxy }) },
  });
  const room = classroomOf(lab.app);
  if (room === undefined) throw new Error('not a classroom');
  open.push({ lab, room });
  return { lab, room };
}

function cookieOf(setCookie: unknown, name: string): string {
  const line = (Array.isArray(setCookie) ? (setCookie as string[]) : []).find((candidate) => candidate.startsWith(`${name}=`));
  if (line === undefined) throw new Error(`no ${name} cookie set`);
  return line.split(';')[0] ?? '';
}

describe('classroom review 2', () => {
  it('tells a signed-in instructor so at GET /api/classroom (the "You are the instructor here" notice)', async () => {
    const { lab, room } = startClass();
    const signedIn = await request(lab.app)
      .post('/api/classroom/instructor/session')
      .send({ secret: await room.store.issueInstructorSecret() })
      .expect(204);
    const cookie = cookieOf(signedIn.headers['set-cookie'], 'authlab_instructor');
    await request(lab.app).get('/api/classroom/instructor/class').set('Cookie', cookie).expect(200);
    // readWorkspace() strips the instructor cookie before status() asks isInstructor().
    expect((await request(lab.app).get('/api/classroom').set('Cookie', cookie).expect(200)).body).toMatchObject({ instructor: true });
  });

  it('does not count joins refused because joining is closed as wrong join codes', async () => {
    const { lab, room } = startClass();
    await room.store.closeJoining();
    for (let attempt = 0; attempt < 100; attempt++) {
      await request(lab.app)
        .post('/api/classroom/join')
        .send({ displayName: `Learner ${attempt}`, joinCode: 'ABCD-EFGH' })
        .expect(403);
    }
    await room.store.rotateJoinCode();
    // The class behind one address reopens to find itself locked out for ten minutes.
    await request(lab.app)
      .post('/api/classroom/join')
      .send({ displayName: 'Ada', joinCode: (await room.store.status()).joinCode })
      .expect(201);
  });

  it('keeps stage 6 deaf to a forged X-Forwarded-For sent through the relay, with AUTHLAB_TRUST_PROXY=loopback as docs/classroom.md says', async () => {
    const { lab, room } = startClass('loopback');
    const joined = await request(lab.app)
      .post('/api/classroom/join')
      .send({ displayName: 'Eve', joinCode: (await room.store.status()).joinCode })
      .expect(201);
    const cookie = cookieOf(joined.headers['set-cookie'], 'authlab_workspace');
    const server = createHTTPServer(lab.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const login = async (headers: Record<string, string>): Promise<number> => {
        const answer = await fetch(`${url}/api/relay`, {
          method: 'POST',
          headers: { Cookie: cookie, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            method: 'POST',
            path: '/api/stages/lockout/login',
            headers: { 'Content-Type': 'application/json', ...headers },
            body: JSON.stringify({ username: 'nobody-here', password: 'wrong-guess' }),
          }),
        });
        return ((await answer.json()) as { status: number }).status;
      };
      for (let attempt = 0; attempt < 3; attempt++) await login({});
      expect(await login({})).toBe(429);
      // Lesson 6: "an X-Forwarded-For header sent by the client is ignored".
      expect(await login({ 'X-Forwarded-For': '203.0.113.7' })).toBe(429);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
