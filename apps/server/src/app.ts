import { createJWTKey, systemClock, type Clock } from '@authlab/auth-core';
import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import { FLOW_HEADER, trace } from './flow.ts';
import { HttpError, createErrorHandler, notFound } from './http-error.ts';
import { clockAdvanceSchema, parseBody } from './input.ts';
import { createLabClock, isLoopbackAddress, type LabClock } from './lab-clock.ts';
import { DEFAULT_SETTINGS, type StageModule, type StageSettings } from './stage.ts';
import { STAGES } from './stages/index.ts';
import type { SQLiteDatabase } from './store/database.ts';
import { createStageStore } from './store/stage-store.ts';

export interface AppOptions {
  database: SQLiteDatabase;
  /** At least 32 random bytes; see loadOrCreateJWTSecret. */
  jwtSecret: Uint8Array;
  /** Overrides for tests (a low bcrypt cost, a raised rate limit); production uses the defaults. */
  settings?: Partial<StageSettings>;
  clock?: Clock;
  /** Where unexpected errors are reported; never the client. */
  logError?: (error: unknown) => void;
}

/** Largest JSON body accepted: credentials are tiny, so anything bigger is a mistake or an attack. */
const BODY_LIMIT = '16kb';

/** Builds the lesson server. It does not listen: main.ts does, tests hand it to supertest. */
export function createApp(options: AppOptions): Express {
  const settings: StageSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const clock = options.clock ?? systemClock;
  const jwtKey = createJWTKey(options.jwtSecret);
  const app = express();
  app.disable('x-powered-by');
  app.use(
    helmet({
      // The lab is served over plain HTTP on loopback: HSTS and request upgrading would only break it.
      strictTransportSecurity: false,
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );

  const api = Router();
  api.use((_req, res, next) => {
    // Responses carry credentials and patient data: never cache them.
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const labClocks = new Map<string, LabClock>();
  const describe = (stage: StageModule): object => ({
    ...stage.info,
    policy: stage.policy(settings),
    expectedChecks: stage.expectedChecks,
    lab: { clockOffsetSeconds: labClocks.get(stage.info.id)?.offsetSeconds ?? 0 },
  });
  api.get('/stages', (_req, res) => {
    res.json({ stages: STAGES.map(describe) });
  });

  for (const stage of STAGES) {
    const labClock = createLabClock(clock);
    labClocks.set(stage.info.id, labClock);
    const store = createStageStore(options.database, stage.info.id, labClock.now);
    const { router, resetMemory } = stage.createRouter({ store, settings, clock: labClock.now, jwtKey });
    const mount = Router();
    mount.use((_req, res, next) => {
      res.setHeader(FLOW_HEADER, 'A');
      next();
    });
    mount.get('/', (_req, res) => {
      res.json(describe(stage));
    });
    mount.use(express.json({ limit: BODY_LIMIT, strict: true }));
    mount.use(router);
    // Lab plumbing rather than lesson: the same on every stage, so it lives here.
    mount.get('/breach', (_req, res) => {
      trace(res, 'LEAK');
      res.json({ users: store.users.all() });
    });
    mount.post('/clock', (req, res) => {
      // A demo control, not an API: only ever from this machine.
      if (!isLoopbackAddress(req.socket.remoteAddress)) throw new HttpError(403, 'The demo clock is only available from this machine');
      const { advanceSeconds } = parseBody(req, clockAdvanceSchema);
      labClock.advanceSeconds(advanceSeconds);
      res.json({ clockOffsetSeconds: labClock.offsetSeconds });
    });
    mount.post('/reset', (_req, res) => {
      store.reset();
      resetMemory?.();
      labClock.reset();
      trace(res, 'RESET');
      res.status(204).end();
    });
    mount.use(notFound);
    api.use(`/stages/${stage.info.id}`, mount);
  }
  api.use('/stages/:stage', (_req, _res, next) => {
    next(new HttpError(404, 'Unknown stage', { code: 'unknown_stage' }));
  });
  api.use(notFound);

  app.use('/api', api);
  app.use(notFound);
  app.use(createErrorHandler({ log: options.logError ?? ((error) => console.error(error)) }));
  return app;
}
