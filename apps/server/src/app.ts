import { createJWTKey, systemClock, type Clock, type JWTService } from '@authlab/auth-core';
import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import { FLOW_HEADER, trace } from './flow.ts';
import { HttpError, createErrorHandler, notFound } from './http-error.ts';
import { clockAdvanceSchema, mistakeToggleSchema, parseBody } from './input.ts';
import { createLabClock, isLoopbackAddress, type LabClock } from './lab-clock.ts';
import {
  MISTAKES,
  availableMistakes,
  createLabJWTService,
  createLabMistakes,
  withMistakeEffects,
  type LabMistakes,
} from './lab-mistakes.ts';
import { DEFAULT_SETTINGS, type StageJWTOptions, type StageModule, type StageSettings } from './stage.ts';
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
  const labMistakes = new Map<string, LabMistakes>();
  const describe = (stage: StageModule): object => {
    const policy = stage.policy(settings);
    const mistakes = labMistakes.get(stage.info.id)?.enabled ?? [];
    return {
      ...stage.info,
      // An instructor's re-introduced mistake is part of what the stage does right now.
      policy: { ...policy, mistakes },
      expectedChecks: stage.expectedChecks,
      expectedAttacks: withMistakeEffects(stage.expectedAttacks, mistakes),
      lab: { clockOffsetSeconds: labClocks.get(stage.info.id)?.offsetSeconds ?? 0, mistakes, availableMistakes: availableMistakes(policy) },
    };
  };
  api.get('/stages', (_req, res) => {
    res.json({ stages: STAGES.map(describe) });
  });

  for (const stage of STAGES) {
    const labClock = createLabClock(clock);
    labClocks.set(stage.info.id, labClock);
    const mistakes = createLabMistakes();
    labMistakes.set(stage.info.id, mistakes);
    const store = createStageStore(options.database, stage.info.id, labClock.now);
    const createJWTService = (jwtOptions: StageJWTOptions): JWTService =>
      createLabJWTService({ ...jwtOptions, key: jwtKey, clock: labClock.now }, mistakes);
    const { router, resetMemory } = stage.createRouter({ store, settings, clock: labClock.now, createJWTService });
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
    mount.post('/mistakes', (req, res) => {
      // An instructor's demo control, like the clock: only ever from this machine.
      if (!isLoopbackAddress(req.socket.remoteAddress)) throw new HttpError(403, 'Instructor mistakes can only be switched from this machine');
      const { mistake, enabled } = parseBody(req, mistakeToggleSchema);
      if (!MISTAKES[mistake].appliesTo(stage.policy(settings))) {
        throw new HttpError(400, `${mistake} does not apply to this stage`, { code: 'mistake_not_applicable' });
      }
      mistakes.set(mistake, enabled);
      res.json({ mistakes: mistakes.enabled });
    });
    mount.post('/reset', (_req, res) => {
      store.reset();
      resetMemory?.();
      labClock.reset();
      mistakes.reset();
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
  if (options.playgroundDir !== undefined) app.use(servePlayground(options.playgroundDir));
  app.use(notFound);
  app.use(createErrorHandler({ log: options.logError ?? ((error) => console.error(error)) }));
  return app;
}
