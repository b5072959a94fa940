import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, createTestApp, login, register, type TestApp } from '../helpers.ts';
import { createWireClient } from '../fuzz/wire.ts';
import { startLiveServer, type LiveServer } from './live-server.ts';

/**
 * Stage 6's lockout under concurrency and across its window. test/stages/06-lockout.test.ts
 * covers ten simultaneous guesses at cost 4, the reset after a success and the end of a lock;
 * these add the window and races at the production bcrypt cost, where guesses really overlap.
 */
const STAGE = 'lockout';
const WRONG = 'wrong-guess-123';
const NO_RATE_LIMIT = { rateLimit: { limit: 1000, windowSeconds: 60 } };

describe('the failure window', () => {
  let lab: TestApp;
  afterEach(() => lab.close());

  async function fail(times: number): Promise<void> {
    for (let attempt = 0; attempt < times; attempt += 1) await login(lab.app, STAGE, 'alice', WRONG).expect(401);
  }

  it('forgets a run of failures once a whole window passes without another', async () => {
    lab = createTestApp({ settings: NO_RATE_LIMIT });
    await register(lab.app, STAGE, 'alice').expect(201);
    const { windowSeconds } = (await request(lab.app).get(`/api/stages/${STAGE}`)).body.policy.lockout;
    await fail(4);
    lab.clock.advanceSeconds(windowSeconds);
    await fail(4);
    // Eight failures in all, but never five inside one window: not locked.
    await login(lab.app, STAGE, 'alice').expect(200);
  });

  it('keeps counting while failures arrive less than a window apart', async () => {
    lab = createTestApp({ settings: NO_RATE_LIMIT });
    await register(lab.app, STAGE, 'alice').expect(201);
    const { windowSeconds } = (await request(lab.app).get(`/api/stages/${STAGE}`)).body.policy.lockout;
    // A slow trickle, one guess just inside the window after the last: still five in a row.
    await fail(1);
    for (let attempt = 1; attempt < 5; attempt += 1) {
      lab.clock.advanceSeconds(windowSeconds - 1);
      await fail(1);
    }
    await login(lab.app, STAGE, 'alice').expect(423);
  });
});

describe('simultaneous guesses at bcrypt cost 10, through a real server', () => {
  let live: LiveServer;
  afterEach(() => live.close());

  /** One socket per request, all written in the same tick, so the server holds them all at once. */
  async function simultaneously(bodies: object[]): Promise<number[]> {
    const port = Number(new URL(live.url).port);
    const clients = bodies.map(() => createWireClient(port));
    // Open every connection first, so only the requests themselves remain to race.
    await Promise.all(clients.map((client) => client.send({ method: 'GET', path: '/api/health', headers: {} })));
    const responses = await Promise.all(
      clients.map((client, index) =>
        client.send({ method: 'POST', path: `/api/stages/${STAGE}/login`, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(bodies[index])) }),
      ),
    );
    for (const client of clients) client.close();
    return responses.map((response) => response.status);
  }

  const failures = (username: string): unknown =>
    live.lab.database.prepare('SELECT failures FROM lockouts WHERE stage = ? AND username = ?').pluck().get(STAGE, username);

  it('counts ten overlapping wrong guesses at a name that does not exist, and locks it', async () => {
    live = await startLiveServer({ settings: { ...NO_RATE_LIMIT, bcryptCost: 10 } });
    const statuses = await simultaneously(Array.from({ length: 10 }, () => ({ username: 'ghost', password: WRONG })));
    expect(statuses.every((status) => status === 401 || status === 423)).toBe(true);
    expect(failures('ghost')).toBe(statuses.filter((status) => status === 401).length);
    expect((await live.post(`/api/stages/${STAGE}/login`, { username: 'ghost', password: WRONG })).status).toBe(423);
  });

  it('does not let the right password in when wrong guesses locked the name while it was being checked', async () => {
    live = await startLiveServer({ settings: { ...NO_RATE_LIMIT, bcryptCost: 10 } });
    expect((await live.post(`/api/stages/${STAGE}/register`, { username: 'alice', password: GOOD_PASSWORD })).status).toBe(201);
    // Ten guesses and then the real password, all past the lock check before any compare ends.
    // The compares finish in order on bcrypt's four threads, so the lock lands before the last one.
    const statuses = await simultaneously([
      ...Array.from({ length: 10 }, () => ({ username: 'alice', password: WRONG })),
      { username: 'alice', password: GOOD_PASSWORD },
    ]);
    expect(statuses.slice(0, 10).every((status) => status === 401 || status === 423)).toBe(true);
    expect(statuses[10]).toBe(423);
    expect((await live.post(`/api/stages/${STAGE}/login`, { username: 'alice', password: GOOD_PASSWORD })).status).toBe(423);
  });
});
