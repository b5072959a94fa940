import { WORKSPACE_HEADER } from '@authlab/contract';
import type { Express } from 'express';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classroomOf, createApp, whenAppReady } from '../src/app.ts';
import type { ClassroomOptions } from '../src/classroom/classroom.ts';
import { startStallingRelay, type StallingRelay } from '../src/counters/counters-testing.ts';
import { connectRedisCounters, type SharedCounters } from '../src/counters/index.ts';
import { loadOrCreateSharedJWTSecret } from '../src/jwt-secret.ts';
import { openPostgresDatabase, type LabDatabase } from '../src/store/database.ts';
import { GOOD_PASSWORD, TEST_BCRYPT_COST } from './helpers.ts';
import { skipWithoutServices } from './services/availability.ts';
import { startPostgres, type PostgresServer } from './services/postgres.ts';
import { startRedis, type RedisServer } from './services/redis.ts';

/**
 * Issue 16, attacked from outside: each test is one finding of the outside review of the scaled
 * classroom. scale-out.test.ts runs the whole topology (main.ts processes behind Caddy); these
 * need only what the processes share, so each "process" here is an app of its own in this one,
 * with its own connections to the same PostgreSQL database and Redis, and nothing else in common:
 * fast enough to start a fresh class per test.
 */

const skip = skipWithoutServices(import.meta.filename, ['postgres', 'redis']);
const PROCESSES = 3;
const LOCKOUT_FAILURES = 5;

let postgres: PostgresServer | undefined;
let redis: RedisServer | undefined;
beforeAll(async () => {
  if (skip) return;
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([postgres?.stop(), redis?.stop()]);
}, 30_000);

interface Process {
  app: Express;
  url: string;
  database: LabDatabase;
  counters: SharedCounters;
  server: Server;
  unexpected: unknown[];
}

interface Class {
  processes: Process[];
  joinCode: string;
  relay?: StallingRelay;
}

const running: Class[] = [];
afterEach(async () => {
  for (const { processes, relay } of running.splice(0)) {
    relay?.resume();
    for (const { app, server, database, counters } of processes) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      classroomOf(app)?.close();
      await counters.close();
      await database.close();
    }
    await relay?.close();
  }
});

let classNumber = 0;

/** A fresh class (its own database and Redis keys) served by PROCESSES processes; through a stalling relay to PostgreSQL if asked. */
async function startClass(options: { classroom?: Partial<ClassroomOptions>; stallablePostgres?: boolean } = {}): Promise<Class> {
  if (postgres === undefined || redis === undefined) throw new Error('services did not start');
  const databaseURL = new URL(await postgres.createDatabase());
  const relay = options.stallablePostgres === true ? await startStallingRelay(databaseURL.href) : undefined;
  if (relay !== undefined) databaseURL.port = new URL(relay.url).port;
  const keyPrefix = `authlab-attack-${++classNumber}:`;
  const started: Class = { processes: [], joinCode: '', ...(relay === undefined ? {} : { relay }) };
  running.push(started);
  for (let index = 0; index < PROCESSES; index++) {
    const database = await openPostgresDatabase(databaseURL.href);
    const counters = await connectRedisCounters(redis.url, { keyPrefix, log: () => {} });
    const unexpected: unknown[] = [];
    const app = createApp({
      database,
      counters,
      jwtSecret: await loadOrCreateSharedJWTSecret(database),
      settings: { bcryptCost: TEST_BCRYPT_COST },
      classroom: options.classroom ?? {},
      logError: (error) => unexpected.push(error),
    });
    await whenAppReady(app);
    const server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    started.processes.push({ app, url, database, counters, server, unexpected });
    if (index === 0) started.joinCode = (await classroomOf(app)?.store.status())?.joinCode ?? '';
  }
  return started;
}

async function send(started: Class, index: number, method: string, pathname: string, options: { token?: string; body?: object; timeoutMs?: number } = {}) {
  const process = started.processes[index % PROCESSES] as Process;
  const response = await fetch(`${process.url}${pathname}`, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { [WORKSPACE_HEADER]: options.token }),
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>, cookie: response.headers.get('set-cookie') ?? '' };
}

async function join(started: Class, index: number, displayName: string): Promise<string> {
  const answer = await send(started, index, 'POST', '/api/classroom/join', { body: { displayName, joinCode: started.joinCode } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return decodeURIComponent(/authlab_workspace=([^;]+)/.exec(answer.cookie)?.[1] ?? '');
}

describe.skipIf(skip)('the scaled classroom, attacked across processes', () => {
  it('never lets more learners join than the class size (AUTHLAB_CLASS_SIZE), however the joins are spread over the processes', async () => {
    const started = await startClass({ classroom: { maxWorkspaces: 3 } });
    // Each process's pool opens its connections first, so that the joins below meet at the database at once.
    await Promise.all(Array.from({ length: 10 * PROCESSES }, (_, i) => send(started, i, 'GET', '/api/classroom')));
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(started, i, 'POST', '/api/classroom/join', { body: { displayName: `learner ${i}`, joinCode: started.joinCode } })),
    );
    expect(answers.filter((answer) => answer.status === 201).length).toBe(3);
    expect(answers.filter((answer) => answer.status !== 201).map((answer) => answer.body.code)).toEqual(Array(27).fill('class_full'));
    const app = started.processes[0]?.app;
    expect(app && (await classroomOf(app)?.store.count())).toBe(3);
  });

  it("forgets every process's memory-rate-limit counts on the stage's /reset, wherever the reset lands", async () => {
    const started = await startClass();
    const token = await join(started, 0, 'Hedy');
    const stage = '/api/stages/lockout';
    const prepare = async (): Promise<void> => {
      expect((await send(started, 0, 'POST', `${stage}/register`, { token, body: { username: 'victim', password: GOOD_PASSWORD } })).status).toBe(201);
      expect((await send(started, 0, 'POST', `${stage}/mistakes`, { token, body: { mistake: 'memory-rate-limit', enabled: true } })).status).toBe(200);
    };
    const guess = (index: number) => send(started, index, 'POST', `${stage}/login`, { token, body: { username: 'victim', password: 'wrong-guess' } });
    await prepare();
    // Processes 1 and 2 each lock the name in their own memory.
    for (const index of [1, 2]) {
      for (let i = 0; i < LOCKOUT_FAILURES; i++) expect((await guess(index)).status).toBe(401);
      expect((await guess(index)).status).toBe(423);
    }
    // Reset at process 0: a new stage, as the lesson and the attack lab rely on before each run.
    expect((await send(started, 0, 'POST', `${stage}/reset`, { token })).status).toBe(204);
    await prepare();
    for (const index of [0, 1, 2]) expect((await guess(index)).status, `process ${index}`).toBe(401);
  });

  it('answers 503 within a few seconds, never hangs, while PostgreSQL hangs with its connections open, and serves again once it answers', async () => {
    const started = await startClass({ stallablePostgres: true });
    const token = await join(started, 0, 'Evelyn');
    // Every process has connections in its pool before PostgreSQL stops answering.
    for (let index = 0; index < PROCESSES; index++) expect((await send(started, index, 'GET', '/api/stages/plaintext/breach', { token })).status).toBe(200);
    started.relay?.stall();
    const begun = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 2 * PROCESSES }, (_, i) =>
        send(started, i, 'GET', '/api/stages/plaintext/breach', { token, timeoutMs: 8000 }).then(
          (answer) => ({ status: answer.status, code: answer.body.code, ms: performance.now() - begun }),
          () => ({ status: 0, code: 'no answer within 8 s', ms: performance.now() - begun }),
        ),
      ),
    );
    expect(answers.map(({ status, code }) => [status, code])).toEqual(Array(2 * PROCESSES).fill([503, 'database_unavailable']));
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(5000);
    started.relay?.resume();
    for (let index = 0; index < PROCESSES; index++) expect((await send(started, index, 'GET', '/api/stages/plaintext/breach', { token })).status).toBe(200);
    for (const process of started.processes) expect(process.unexpected).toEqual([]);
  }, 30_000);
});
