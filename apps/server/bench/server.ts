/**
 * The benchmark's server: the production app, unchanged, with a few bench-only routes under
 * /bench answered before it. They exist only in this process; createApp never has them.
 *
 * Run by bench/run.ts as a child process in production mode:
 *   node --import tsx --expose-gc bench/server.ts '{"bcryptCost":10}' ['{"limits":{…}}' ['{"databaseUrl":…}']]
 * The second argument, when not null, starts it in classroom mode with those workspace limits.
 * The third places it in a scaled deployment (load.ts's Deployment): the class in PostgreSQL, the
 * counters in Redis, a proxy in front; without it the class lives in a throwaway SQLite file and
 * the counters in memory, as `npm run classroom` runs.
 * It prints `listening <url>` once ready, after `join-code <code>` in classroom mode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateJWTSecret } from '@authlab/auth-core';
import bcrypt from 'bcrypt';
import express, { type Express } from 'express';
import { classroomOf, createApp, whenAppReady } from '../src/app.ts';
import { connectRedisCounters, createMemoryCounters } from '../src/counters/index.ts';
import { createHTTPServer } from '../src/http-server.ts';
import { recordsFor } from '../src/records.ts';
import type { StageSettings } from '../src/stage.ts';
import type { WorkspaceLimits } from '../src/classroom/workspace-gate.ts';
import { loadOrCreateSharedJWTSecret } from '../src/jwt-secret.ts';
import { openDatabase, openPostgresDatabase } from '../src/store/database.ts';
import type { Deployment } from './load.ts';

const settings = JSON.parse(process.argv[2] ?? '{}') as Partial<StageSettings> & { bcryptCost: number };
const classroomOptions = (JSON.parse(process.argv[3] ?? 'null') as { limits: WorkspaceLimits } | null) ?? undefined;
const deployment = (JSON.parse(process.argv[4] ?? 'null') as Deployment | null) ?? {};

// Counts every bcrypt compare the app starts, so the bench can show that a rejected request did none.
let compares = 0;
const compare = bcrypt.compare.bind(bcrypt);
bcrypt.compare = ((data: string | Buffer, encrypted: string) => {
  compares += 1;
  return compare(data, encrypted);
}) as typeof bcrypt.compare;

const dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-bench-'));
// As main.ts opens them: processes that share a database share the class and sign with one secret.
const database = deployment.databaseUrl === undefined ? openDatabase(dataDir) : await openPostgresDatabase(deployment.databaseUrl);
const counters = deployment.redisUrl === undefined ? createMemoryCounters() : await connectRedisCounters(deployment.redisUrl);
const app = createApp({
  database,
  counters,
  jwtSecret: deployment.databaseUrl === undefined ? generateJWTSecret() : await loadOrCreateSharedJWTSecret(database),
  settings,
  ...(deployment.trustProxy === undefined ? {} : { trustProxy: deployment.trustProxy }),
  ...(classroomOptions === undefined ? {} : { classroom: classroomOptions }),
});
const classroom = classroomOf(app);

/** The stored hash the baseline routes compare against: the same cost as the stages use. */
const storedHash = bcrypt.hashSync('violet-kettle-harbor-42', settings.bcryptCost);
const records = recordsFor('bench');
const startCPU = process.cpuUsage();

const bench = express.Router();
// Baseline: bare Express, one route, the same JSON body /records sends, no auth and no middleware.
bench.get('/json', (_req, res) => {
  res.json(records);
});
// Baseline for a refused login: parse the same JSON body, answer a small JSON error-sized body.
bench.post('/echo', express.json(), (_req, res) => {
  res.json({ error: 'Too many login attempts, try again later', code: 'rate_limited' });
});
// Baseline for login: parse the body, one bcrypt.compare at the stages' cost, answer.
bench.post('/compare', express.json(), async (req, res) => {
  const matches = await bcrypt.compare(String(req.body?.password ?? ''), storedHash);
  res.status(matches ? 200 : 401).json({ matches });
});
// The foil: the same compare, synchronously. It blocks the event loop; never do this.
bench.post('/compare-sync', express.json(), (req, res) => {
  const matches = bcrypt.compareSync(String(req.body?.password ?? ''), storedHash);
  res.status(matches ? 200 : 401).json({ matches });
});
// Counters for the runner: bcrypt compares started and CPU time used so far.
bench.get('/stats', (_req, res) => {
  const cpu = process.cpuUsage(startCPU);
  res.json({ compares, cpuMs: (cpu.user + cpu.system) / 1000 });
});
// Collects garbage before the runner reads resident memory, so it sees what is kept, not what is
// waiting to be collected. Needs --expose-gc, which startBenchServer passes.
bench.post('/gc', (_req, res) => {
  (globalThis as { gc?: () => void }).gc?.();
  res.status(204).end();
});

const benchApp = express();
benchApp.disable('x-powered-by');
benchApp.use('/bench', bench);

// Dispatched before Express, not mounted as a sub-app: a mounted app re-links every request's
// prototypes on the way in and out, a cost the production server (main.ts) never pays.
const dispatch = (request: IncomingMessage, response: ServerResponse): void => {
  if (request.url?.startsWith('/bench/')) benchApp(request, response);
  else app(request, response);
};
const server = createHTTPServer(dispatch as unknown as Express);
await whenAppReady(app);
const joinCode = classroom === undefined ? undefined : (await classroom.store.status()).joinCode;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  if (classroom !== undefined) console.log(`join-code ${joinCode ?? ''}`);
  console.log(`listening http://127.0.0.1:${port}`);
});

function shutdown(): void {
  classroom?.close();
  server.closeAllConnections();
  server.close(() => {
    void Promise.allSettled([database.close(), counters.close()]).finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
