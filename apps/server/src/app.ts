import { createJWTKey, systemClock, type Clock, type JWTService } from '@authlab/auth-core';
import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import { FLOW_HEADER } from './flow.ts';
import { HttpError, createErrorHandler, notFound } from './http-error.ts';
import { createLabClock } from './lab-clock.ts';
import { createLabJWTService, createLabMistakes } from './lab-mistakes.ts';
import { addLabRoutes, describeStage, type LabStage } from './lab-routes.ts';
import { DEFAULT_SETTINGS, type StageJWTOptions, type StageSettings } from './stage.ts';
import { servePlayground } from './playground.ts';
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
  /** The built playground (apps/playground/dist), served at `/` when given. */
  playgroundDir?: string;
}

/** Builds the lesson server. It does not listen: main.ts does, tests hand it to supertest. */
export function createApp(options: AppOptions): Express {
  const settings: StageSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const baseClock = options.clock ?? systemClock;
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
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const stages = new Map<string, { lab: LabStage; router: Router }>();
  for (const stage of STAGES) {
    const clock = createLabClock(baseClock);
    const mistakes = createLabMistakes();
    const store = createStageStore(options.database, stage.info.id, clock.now);
    const createJWTService = (jwtOptions: StageJWTOptions): JWTService =>
      createLabJWTService({ ...jwtOptions, key: jwtKey, clock: clock.now }, mistakes);
    const { router, resetMemory } = stage.createRouter({ store, settings, clock: clock.now, createJWTService });
    const lab: LabStage = { stage, settings, store, clock, mistakes, ...(resetMemory === undefined ? {} : { resetMemory }) };
    // On the stage's own router, after its routes: each request walks one router, not a nest of them.
    addLabRoutes(router, lab);
    stages.set(stage.info.id, { lab, router });
  }

  api.get('/stages', (_req, res) => {
    res.json({ stages: [...stages.values()].map(({ lab }) => describeStage(lab)) });
  });
  api.use('/stages/:stage', (req, res, next) => {
    const entry = stages.get(req.params.stage as string);
    if (entry === undefined) {
      next(new HttpError(404, 'Unknown stage', { code: 'unknown_stage' }));
      return;
    }
    res.setHeader(FLOW_HEADER, 'A');
    entry.router(req, res, next);
  });
  api.use(notFound);

  app.use('/api', api);
  if (options.playgroundDir !== undefined) app.use(servePlayground(options.playgroundDir));
  app.use(notFound);
  app.use(createErrorHandler({ log: options.logError ?? ((error) => console.error(error)) }));
  return app;
}
