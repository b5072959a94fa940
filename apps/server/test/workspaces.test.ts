import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createJWTKey } from '@authlab/auth-core';
import express, { type Express } from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../src/http-error.ts';
import { DEFAULT_SETTINGS } from '../src/stage.ts';
import { createStageSet, LOCAL_WORKSPACE, workspaceKey } from '../src/stage-set.ts';
import { createMemoryCounters } from '../src/counters/index.ts';
import { openDatabase, type SQLiteLabDatabase } from '../src/store/database.ts';
import { createStageStore, deleteWorkspaceRows } from '../src/store/stage-store.ts';
import { loadOrCreateJWTSecret } from '../src/jwt-secret.ts';
import { GOOD_PASSWORD, TEST_BCRYPT_COST, createFakeClock, login, register, signIn } from './helpers.ts';

/**
 * The first step towards a classroom: two learners' stage sets side by side, in one process and
 * one database, with one server secret. Nothing one does is visible to the other.
 */
let dataDir: string;
let database: SQLiteLabDatabase;
let alice: Express;
let bob: Express;

function workspaceApp(workspace: string): Express {
  const stages = createStageSet({
    database,
    counters: createMemoryCounters(),
    workspace,
    settings: { ...DEFAULT_SETTINGS, bcryptCost: TEST_BCRYPT_COST },
    clock: createFakeClock().now,
    jwtKey: createJWTKey(loadOrCreateJWTSecret(dataDir)),
    exposure: 'loopback',
  });
  const app = express();
  app.use('/api', stages.router);
  app.use(
    createErrorHandler({
      log: (error) => {
        throw new Error(`unexpected server error: ${String(error)}`);
      },
    }),
  );
  return app;
}

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-workspaces-'));
  database = openDatabase(dataDir);
  alice = workspaceApp('w-alice');
  bob = workspaceApp('w-bob');
});
afterEach(() => {
  database.sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two workspaces in one database', () => {
  it('keep their own users: a name registered in one is unknown in the other, and free to take there', async () => {
    await register(alice, 'plaintext', 'carol').expect(201);
    const breach = await request(bob).get('/api/stages/plaintext/breach').expect(200);
    expect(breach.body.users).toEqual([]);
    await login(bob, 'plaintext', 'carol').expect(401);
    await register(bob, 'plaintext', 'carol', 'a-different-long-passphrase').expect(201);
    await login(alice, 'plaintext', 'carol', GOOD_PASSWORD).expect(200);
  });

  it("refuse each other's tokens, though one server secret signs them all", async () => {
    const fromAlice = await signIn(alice, 'jwt', 'dave');
    await register(bob, 'jwt', 'dave').expect(201);
    await request(bob).get('/api/stages/jwt/records').set('Authorization', fromAlice).expect(401);
    await request(alice).get('/api/stages/jwt/records').set('Authorization', fromAlice).expect(200);
    const fromAliceSession = await signIn(alice, 'bcrypt', 'erin');
    await register(bob, 'bcrypt', 'erin').expect(201);
    await request(bob).get('/api/stages/bcrypt/records').set('Authorization', fromAliceSession).expect(401);
  });

  it('keep their own lockouts, resets and demo clocks', async () => {
    await register(alice, 'lockout', 'frank').expect(201);
    await register(bob, 'lockout', 'frank').expect(201);
    for (let attempt = 0; attempt < 5; attempt++) await login(alice, 'lockout', 'frank', 'wrong-password-guess').expect(401);
    await login(alice, 'lockout', 'frank').expect(423);
    await login(bob, 'lockout', 'frank').expect(200);

    await request(alice).post('/api/stages/lockout/clock').send({ advanceSeconds: 3600 }).expect(200);
    const clocks = await Promise.all([alice, bob].map(async (app) => (await request(app).get('/api/stages/lockout').expect(200)).body.lab.clockOffsetSeconds as number));
    expect(clocks).toEqual([3600, 0]);

    await request(alice).post('/api/stages/lockout/reset').expect(204);
    expect((await request(alice).get('/api/stages/lockout/breach').expect(200)).body.users).toEqual([]);
    expect((await request(bob).get('/api/stages/lockout/breach').expect(200)).body.users).toHaveLength(1);
  });
});

describe('workspaceKey', () => {
  it('keeps the local workspace on the bare stage id, so an existing data directory carries over', () => {
    expect(workspaceKey(LOCAL_WORKSPACE, 'jwt')).toBe('jwt');
    expect(workspaceKey('w-alice', 'jwt')).toBe('w-alice/jwt');
  });
});

describe('deleteWorkspaceRows', () => {
  it('deletes the rows of every workspace but the ones to keep, and never the local lab’s', async () => {
    const now = () => Date.UTC(2026, 0, 1);
    const stores = Object.fromEntries(
      ['plaintext', 'w-kept/plaintext', 'w-kept/jwt', 'w-gone/plaintext', 'w-gone/lockout'].map((key) => [key, createStageStore(database, key, now)]),
    );
    for (const store of Object.values(stores)) {
      await store.users.insert({ username: 'carol', stored: 'x' });
      await store.sessions.insert('hash', 'carol');
    }
    await deleteWorkspaceRows(database, ['w-kept']);
    const left = await Promise.all(Object.entries(stores).map(async ([key, store]) => [key, await store.users.count(), (await store.sessions.findUsername('hash')) ?? null]));
    expect(left).toEqual([
      ['plaintext', 1, 'carol'],
      ['w-kept/plaintext', 1, 'carol'],
      ['w-kept/jwt', 1, 'carol'],
      ['w-gone/plaintext', 0, null],
      ['w-gone/lockout', 0, null],
    ]);
    await deleteWorkspaceRows(database);
    expect(await Promise.all(Object.values(stores).map((store) => store.users.count()))).toEqual([1, 0, 0, 0, 0]);
  });
});
