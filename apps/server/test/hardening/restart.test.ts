import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, createFakeClock, createTestApp, getRecords, login, register } from '../helpers.ts';
import { startMainProcess } from './main-process.ts';

/**
 * What survives a restart. test/persistence.test.ts already proves users, hashes, a lock, a
 * spent refresh token and the JWT secret survive a clean restart, and that a kill -9 loses no
 * acknowledged registration. This adds a logout's revocation and the lock's remaining time
 * across a clean restart, and every other kind of acknowledged write across a kill -9.
 */
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-restart-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const STAGE = 'lockout';
const WRONG = 'wrong-guess-123';
const refresh = (app: Parameters<typeof request>[0], refreshToken: string): request.Test => request(app).post(`/api/stages/${STAGE}/refresh`).send({ refreshToken });

describe('a clean restart', () => {
  it('keeps a logged-out refresh family revoked and a lock running for exactly its remaining time', async () => {
    const clock = createFakeClock();
    const first = createTestApp({ dataDir, clock });
    await register(first.app, STAGE, 'alice').expect(201);
    const { token, refreshToken } = (await login(first.app, STAGE, 'alice').expect(200)).body;
    await request(first.app).post(`/api/stages/${STAGE}/logout`).set('Authorization', `Bearer ${token}`).expect(204);
    for (let attempt = 0; attempt < 5; attempt += 1) await login(first.app, STAGE, 'bob', WRONG).expect(401);
    clock.advanceSeconds(100);
    first.close();

    const second = createTestApp({ dataDir, clock });
    try {
      expect((await refresh(second.app, refreshToken).expect(401)).body.code).toBe('refresh_revoked');
      const locked = await login(second.app, STAGE, 'bob', WRONG).expect(423);
      expect(locked.headers['retry-after']).toBe('200');
    } finally {
      second.close();
    }
  });
});

describe('kill -9', () => {
  it('loses no acknowledged rotation, logout or counted failure', async () => {
    const server = await startMainProcess({ AUTHLAB_DATA_DIR: dataDir });
    const post = (route: string, body: object, authorization?: string): request.Test => {
      const test = request(server.url).post(`/api/stages/${STAGE}/${route}`).send(body);
      return authorization === undefined ? test : test.set('Authorization', authorization);
    };
    await post('register', { username: 'alice', password: GOOD_PASSWORD }).expect(201);
    const first = (await post('login', { username: 'alice', password: GOOD_PASSWORD }).expect(200)).body;
    const second = (await post('refresh', { refreshToken: first.refreshToken }).expect(200)).body;
    await post('logout', {}, `Bearer ${second.token}`).expect(204);
    for (let attempt = 0; attempt < 5; attempt += 1) await post('login', { username: 'carol', password: WRONG }).expect(401);
    // Killed the moment the last write was acknowledged: no graceful shutdown, no later checkpoint.
    await server.kill();

    const after = createTestApp({ dataDir, clock: createFakeClock(Date.now()) });
    try {
      expect((await refresh(after.app, first.refreshToken).expect(401)).body.code).toMatch(/^refresh_(revoked|reused)$/);
      expect((await refresh(after.app, second.refreshToken).expect(401)).body.code).toBe('refresh_revoked');
      await login(after.app, STAGE, 'carol', WRONG).expect(423);
      // Signed by the killed process, verified by the new one: the secret was on disk before it was used.
      await getRecords(after.app, STAGE, `Bearer ${second.token}`).expect(200);
    } finally {
      after.close();
    }
  }, 30_000);
});
