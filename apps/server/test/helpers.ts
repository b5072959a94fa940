import { encodeBasicAuthorization } from '@authlab/contract';
import { exerciseRunsPath } from '@authlab/lab-files';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { createApp, type AppOptions } from '../src/app.ts';
import { createHTTPServer } from '../src/http-server.ts';
import { loadOrCreateJWTSecret } from '../src/jwt-secret.ts';
import type { StageSettings } from '../src/stage.ts';
import { openDatabase, type SQLiteLabDatabase } from '../src/store/database.ts';

/** A clock the test moves by hand; starts at a fixed instant so runs are repeatable. */
export interface FakeClock {
  now: () => number;
  advanceSeconds(seconds: number): void;
}

export function createFakeClock(startMs = Date.UTC(2026, 0, 1)): FakeClock {
  let current = startMs;
  return {
    now: () => current,
    advanceSeconds(seconds) {
      current += seconds * 1000;
    },
  };
}

export interface TestApp {
  app: Express;
  database: SQLiteLabDatabase;
  /** The SQLite file underneath, for tests that look at rows directly. */
  sqlite: SQLiteLabDatabase['sqlite'];
  dataDir: string;
  clock: FakeClock;
  /** Closes the database and deletes the data directory. */
  close(): void;
}

export interface TestAppOptions {
  settings?: Partial<StageSettings>;
  /** Reuse a data directory, to prove what survives a restart. */
  dataDir?: string;
  clock?: FakeClock;
  /** The app options main.ts sets from the environment: host names, exposure, the playground. */
  app?: Pick<AppOptions, 'allowedHosts' | 'exposure' | 'playgroundDir' | 'classroom' | 'trustProxy'>;
}

/** bcrypt cost 4 keeps tests fast; production is 12 and refuses anything under 10. */
export const TEST_BCRYPT_COST = 4;

export function createTestApp(options: TestAppOptions = {}): TestApp {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'authlab-test-'));
  const database = openDatabase(dataDir);
  const clock = options.clock ?? createFakeClock();
  const app = createApp({
    database,
    jwtSecret: loadOrCreateJWTSecret(dataDir),
    settings: { bcryptCost: TEST_BCRYPT_COST, ...options.settings },
    clock: clock.now,
    exerciseRunsFile: exerciseRunsPath(dataDir),
    ...options.app,
    logError: (error) => {
      throw new Error(`unexpected server error: ${String(error)}`);
    },
  });
  return {
    app,
    database,
    sqlite: database.sqlite,
    dataDir,
    clock,
    close() {
      database.sqlite.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A password that passes stage 6's policy too, so shared tests can use it everywhere. */
export const GOOD_PASSWORD = 'violet-kettle-harbor-42';

export function register(app: Express, stage: string, username: string, password = GOOD_PASSWORD): request.Test {
  return request(app).post(`/api/stages/${stage}/register`).send({ username, password });
}

export function login(app: Express, stage: string, username: string, password = GOOD_PASSWORD): request.Test {
  return request(app).post(`/api/stages/${stage}/login`).send({ username, password });
}

/** Calls `/records` the way each stage expects: a Basic header on `basic`, a bearer token elsewhere. */
export function getRecords(app: Express, stage: string, authorization: string): request.Test {
  return request(app).get(`/api/stages/${stage}/records`).set('Authorization', authorization);
}

export const basicHeader = encodeBasicAuthorization;

/** Registers and signs in, returning the Authorization header `/records` accepts on that stage. */
export async function signIn(app: Express, stage: string, username: string, password = GOOD_PASSWORD): Promise<string> {
  await register(app, stage, username, password).expect(201);
  if (stage === 'basic') return basicHeader(username, password);
  const response = await login(app, stage, username, password).expect(200);
  return `Bearer ${response.body.token as string}`;
}

/**
 * Serves `app` on a loopback port for one request, writes `head` (and whatever follows it) as
 * it is, and returns the raw reply: for requests supertest cannot send, such as a header twice.
 * `head` should ask for `Connection: close`, so the reply ends.
 */
export async function sendRaw(app: Express, head: string): Promise<string> {
  const server = createHTTPServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise<string>((resolve, reject) => {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(head);
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
