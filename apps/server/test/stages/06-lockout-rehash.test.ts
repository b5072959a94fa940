import type { IncomingMessage, ServerResponse } from 'node:http';
import { bcryptCostOf } from '@authlab/auth-core';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, createTestApp, login, register, type TestApp } from '../helpers.ts';

/** Stage 6 replaces a hash made at an older, lower cost at its owner's next successful login. */
const STAGE_COST = 6;
const LEGACY_COST = 4;
const WRONG = 'wrong-guess-123';

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp({ settings: { bcryptCost: STAGE_COST, rateLimit: { limit: 100, windowSeconds: 60 } } });
});
afterEach(() => lab.close());

function plantLegacy(stage: string, body: object): request.Test {
  return request(lab.app).post(`/api/stages/${stage}/legacy-user`).send(body);
}

async function storedOf(stage: string, username: string): Promise<string | undefined> {
  const { body } = await request(lab.app).get(`/api/stages/${stage}/breach`).expect(200);
  return (body.users as { username: string; stored: string }[]).find((user) => user.username === username)?.stored;
}

describe('POST /login on a legacy hash', () => {
  it('re-hashes at the stage cost after the right password, so /breach shows the new cost', async () => {
    await plantLegacy('lockout', { username: 'olduser', password: GOOD_PASSWORD, cost: LEGACY_COST }).expect(201);
    const legacy = await storedOf('lockout', 'olduser');
    expect(bcryptCostOf(legacy ?? '')).toBe(LEGACY_COST);

    const upgraded = await login(lab.app, 'lockout', 'olduser').expect(200);
    expect(upgraded.headers['x-auth-flow']).toBe('A,B,C,REHASH,D');
    const stored = await storedOf('lockout', 'olduser');
    expect(bcryptCostOf(stored ?? '')).toBe(STAGE_COST);

    // The new hash works, and it is current: the next login leaves it alone.
    const again = await login(lab.app, 'lockout', 'olduser').expect(200);
    expect(again.headers['x-auth-flow']).toBe('A,B,C,D');
    expect(await storedOf('lockout', 'olduser')).toBe(stored);
  });

  it('leaves the legacy hash alone after a wrong password', async () => {
    await plantLegacy('lockout', { username: 'olduser', password: GOOD_PASSWORD, cost: LEGACY_COST }).expect(201);
    const legacy = await storedOf('lockout', 'olduser');
    const wrong = await login(lab.app, 'lockout', 'olduser', WRONG).expect(401);
    expect(wrong.headers['x-auth-flow']).toBe('A,B,C,E');
    expect(await storedOf('lockout', 'olduser')).toBe(legacy);
  });

  it('does not re-hash a locked account, even with the right password', async () => {
    await plantLegacy('lockout', { username: 'olduser', password: GOOD_PASSWORD, cost: LEGACY_COST }).expect(201);
    const legacy = await storedOf('lockout', 'olduser');
    for (let attempt = 0; attempt < 5; attempt += 1) await login(lab.app, 'lockout', 'olduser', WRONG).expect(401);
    await login(lab.app, 'lockout', 'olduser').expect(423);
    expect(await storedOf('lockout', 'olduser')).toBe(legacy);
  });

  it('never re-hashes an account registered at the stage cost', async () => {
    await register(lab.app, 'lockout', 'newuser').expect(201);
    const stored = await storedOf('lockout', 'newuser');
    expect((await login(lab.app, 'lockout', 'newuser').expect(200)).headers['x-auth-flow']).toBe('A,B,C,D');
    expect(await storedOf('lockout', 'newuser')).toBe(stored);
  });

  it('is not upgraded on stage 3, which checks the old hash and keeps it', async () => {
    await plantLegacy('bcrypt', { username: 'olduser', password: GOOD_PASSWORD, cost: LEGACY_COST }).expect(201);
    await login(lab.app, 'bcrypt', 'olduser').expect(200);
    expect(bcryptCostOf((await storedOf('bcrypt', 'olduser')) ?? '')).toBe(LEGACY_COST);
  });
});

describe('POST /legacy-user', () => {
  it('plants a bcrypt hash two costs below the stage when no cost is given', async () => {
    const planted = await plantLegacy('lockout', { username: 'olduser', password: 'x' }).expect(201);
    expect(planted.body).toEqual({ username: 'olduser', stored: expect.stringMatching(/^\$2b\$04\$/) });
    expect(planted.headers['x-auth-flow']).toBe('A,REG');
  });

  it('skips the password policy, as an older release would have', async () => {
    await plantLegacy('lockout', { username: 'olduser', password: 'password', cost: LEGACY_COST }).expect(201);
    expect((await login(lab.app, 'lockout', 'olduser', 'password').expect(200)).headers['x-auth-flow']).toBe('A,B,C,REHASH,D');
  });

  it('refuses a cost above the stage cost, bad input and a taken name with 4xx JSON', async () => {
    expect((await plantLegacy('lockout', { username: 'olduser', password: 'x', cost: STAGE_COST + 1 }).expect(400)).body).toEqual({
      error: `cost must be at most ${STAGE_COST}, this stage's own: a legacy hash is a cheaper one`,
      code: 'invalid_input',
    });
    expect((await plantLegacy('lockout', { username: 'olduser', password: 'x', cost: 4.5 }).expect(400)).body.error).toBe('cost must be a whole number');
    // bcrypt would ignore the rest, and stage 6 never checks such a password at login.
    expect((await plantLegacy('lockout', { username: 'olduser', password: 'a'.repeat(73) }).expect(400)).body.code).toBe('invalid_input');
    await plantLegacy('lockout', { username: 'olduser', password: 'x', cost: '4' }).expect(400);
    await plantLegacy('lockout', { username: 'olduser', password: 'x', extra: true }).expect(400);
    await plantLegacy('lockout', { username: 'o', password: 'x' }).expect(400);
    await register(lab.app, 'lockout', 'taken').expect(201);
    expect((await plantLegacy('lockout', { username: 'taken', password: 'x' }).expect(409)).body.code).toBe('username_taken');
  });

  it.each(['plaintext', 'sha256'])('does not apply to %s, which stores no bcrypt', async (stage) => {
    expect((await plantLegacy(stage, { username: 'olduser', password: 'x' }).expect(400)).body.code).toBe('legacy_not_applicable');
  });

  it('is refused from any other machine, like the demo clock', async () => {
    const fromClassroom = (req: IncomingMessage, res: ServerResponse): void => {
      Object.defineProperty(req.socket, 'remoteAddress', { value: '192.0.2.7' });
      lab.app(req, res);
    };
    expect((await request(fromClassroom).post('/api/stages/lockout/legacy-user').send({ username: 'olduser', password: 'x' }).expect(403)).body.code).toBe('local_only');
    expect(await storedOf('lockout', 'olduser')).toBeUndefined();
  });

  it('is undone by /reset like any other user', async () => {
    await plantLegacy('lockout', { username: 'olduser', password: 'x' }).expect(201);
    await request(lab.app).post('/api/stages/lockout/reset').expect(204);
    expect(await storedOf('lockout', 'olduser')).toBeUndefined();
  });
});
