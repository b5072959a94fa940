import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JWT_SECRET_FILE } from '../src/jwt-secret.ts';
import { openDatabase } from '../src/store/database.ts';
import { startMainProcess, type MainProcess } from './hardening/main-process.ts';
import { createFakeClock, createTestApp, getRecords, login, register, signIn } from './helpers.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-persist-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a restart', () => {
  it('keeps users, hashes, lockouts, spent refresh tokens and the JWT secret', async () => {
    const clock = createFakeClock();
    const first = createTestApp({ dataDir, clock });
    await register(first.app, 'bcrypt', 'alice').expect(201);
    const { body: breachBefore } = await request(first.app).get('/api/stages/bcrypt/breach');
    for (let attempt = 0; attempt < 5; attempt++) await login(first.app, 'lockout', 'bob', 'wrong-password').expect(401);
    const jwtAuthorization = await signIn(first.app, 'jwt', 'carol');
    const { body: tokens } = await login(first.app, 'jwt', 'carol').expect(200);
    await request(first.app).post('/api/stages/jwt/refresh').send({ refreshToken: tokens.refreshToken }).expect(200);
    first.close();

    const second = createTestApp({ dataDir, clock });
    try {
      const { body: breachAfter } = await request(second.app).get('/api/stages/bcrypt/breach');
      expect(breachAfter).toEqual(breachBefore);
      await login(second.app, 'bcrypt', 'alice').expect(200);
      await login(second.app, 'lockout', 'bob', 'wrong-password').expect(423);
      await request(second.app).post('/api/stages/jwt/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
      // Signed before the restart, verified after it: the secret was kept, not regenerated.
      await getRecords(second.app, 'jwt', jwtAuthorization).expect(200);
    } finally {
      second.close();
    }
  });

  it('stores the generated JWT secret readable by its owner only', () => {
    createTestApp({ dataDir }).close();
    expect(statSync(path.join(dataDir, JWT_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });
});

/** The real server (main.ts) on this test's data directory. */
const startServer = (env: Record<string, string>): Promise<MainProcess> => startMainProcess({ AUTHLAB_DATA_DIR: dataDir, ...env });

describe('kill -9', () => {
  it('loses no registration the server acknowledged, even mid-flight', async () => {
    const server = await startServer({});
    const acknowledged: string[] = [];
    let killed: Promise<void> | undefined;
    // Forty registrations in flight at once; the process dies as soon as ten are acknowledged.
    await Promise.allSettled(
      Array.from({ length: 40 }, async (_, index) => {
        const username = `patient-${index}`;
        const response = await request(server.url).post('/api/stages/bcrypt/register').send({ username, password: 'pw' });
        if (response.status !== 201) return;
        acknowledged.push(username);
        if (acknowledged.length === 10) killed = server.kill();
      }),
    );
    await (killed ?? server.kill());

    const database = openDatabase(dataDir).sqlite;
    const rows = database.prepare("SELECT username, stored FROM users WHERE stage = 'bcrypt'").all() as { username: string; stored: string }[];
    database.close();
    const stored = new Set(rows.map((row) => row.username));
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    for (const username of acknowledged) expect(stored).toContain(username);
    // Nothing half-written: every row that made it holds a complete bcrypt hash.
    for (const row of rows) expect(row.stored).toMatch(/^\$2b\$10\$.{53}$/);
  });
});

describe('main.ts', () => {
  it('prints the URL it listens on, on loopback', async () => {
    const server = await startServer({});
    await server.kill();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a non-loopback address without the explicit opt-in', async () => {
    await expect(startServer({ HOST: '0.0.0.0' })).rejects.toThrow(/exited with 1: Refusing to listen on 0\.0\.0\.0/);
  });
});
