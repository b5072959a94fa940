import { createJWTKey, systemClock, type Clock, type JWTService, type LockoutPolicy, type LockoutSettings } from '@authlab/auth-core';
import express, { Router, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { refuseCrossSiteRequests } from './cross-site-guard.ts';
import { FLOW_HEADER } from './flow.ts';
import { createHostGuard } from './host-guard.ts';
import { HttpError, createErrorHandler, notFound } from './http-error.ts';
import { serveExerciseProgress } from './exercise-progress.ts';
import { createLabClock } from './lab-clock.ts';
import { createLabJWTService, createLabLockoutPolicy, createLabMistakes } from './lab-mistakes.ts';
import { addLabRoutes, describeStage, type Exposure, type LabStage } from './lab-routes.ts';
import { DEFAULT_SETTINGS, stageNames, type StageJWTOptions, type StageSettings } from './stage.ts';
import { jsonBody } from './input.ts';
import { servePlayground } from './playground.ts';
import { relayToOwnStage } from './relay.ts';
import { relayToOwnApi } from './relay-own.ts';
import { transportOf } from './sniff.ts';
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
  /** Host names answered besides IP addresses, `localhost` and `*.localhost` (AUTHLAB_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  /**
   * `network` when main.ts listens on an address other machines reach: `/reset` and `/breach`
   * then join the demo clock and the instructor mistakes as this-machine-only. Default `loopback`.
   */
  exposure?: Exposure;
  /** `<data dir>/exercise-runs.json`, which `npm run challenge` writes; without it the exercise progress is empty. */
  exerciseRunsFile?: string;
}

/** Every stage request starts the flowchart at the client. */
const startFlow: RequestHandler = (_req, res, next) => {
  res.setHeader(FLOW_HEADER, 'A');
  next();
};

/** Builds the lesson server. It does not listen: main.ts does, tests hand it to supertest. */
export function createApp(options: AppOptions): Express {
  const settings: StageSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const baseClock = options.clock ?? systemClock;
  const jwtKey = createJWTKey(options.jwtSecret);
  const app = express();
  app.disable('x-powered-by');
  app.use(
    helmet({
      // Off even over --https. The certificate is self-signed: a browser ignores HSTS while it
      // distrusts it (RFC 6797 §8.1), and once a learner trusts it, HSTS from https://localhost
      // would upgrade every http://localhost URL, on any port, for max-age: the plain-HTTP lab the
      // sniffer is compared with, the Vite dev server and every other local server. A real site
      // with a CA-issued certificate should send it.
      strictTransportSecurity: false,
      // Over plain HTTP, upgrading the page's requests to https:// would send them to a port that does not speak TLS.
      contentSecurityPolicy: {
        directives: {
          upgradeInsecureRequests: null,
          // The attack lab cracks Argon2id in WebAssembly. 'wasm-unsafe-eval' lets the page compile
          // WebAssembly and nothing else: JavaScript eval stays refused.
          scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        },
      },
    }),
  );
  // After helmet, so the refusal carries its headers; before everything else, the playground included.
  app.use(createHostGuard({ allowedHosts: options.allowedHosts ?? [] }));

  // A stage is named by its id exactly: `/api/stages/JWT` is no stage, as before stages were mounted.
  const api = Router({ caseSensitive: true });
  api.use((_req, res, next) => {
    // Responses carry credentials, tokens and stored hashes: never cache them.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Once, in front of every route that changes state: no other site may drive the lab through a learner's browser.
  api.use(refuseCrossSiteRequests);
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // For the playground's practice checks: requests with headers only another site's page would cause.
  api.post('/relay', jsonBody, relayToOwnStage);
  // For the playground's "Your API" page: the checks against a learner's own API, on this machine.
  api.post('/relay/own', jsonBody, relayToOwnApi);
  // Read-only: the learner's own runs of the exercises, for the playground's progress menu.
  api.get('/exercises/progress', serveExerciseProgress(options.exerciseRunsFile));

  const labs: LabStage[] = [];
  const readiness: Promise<void>[] = [];
  for (const stage of STAGES) {
    const clock = createLabClock(baseClock);
    const mistakes = createLabMistakes();
    const store = createStageStore(options.database, stage.info.id, clock.now);
    const { realm, audience } = stageNames(stage.info.id);
    // The lab keeps the stage's JWT services, so that /reset can empty their verified-token caches.
    const jwtServices: JWTService[] = [];
    const createJWTService = (jwtOptions: StageJWTOptions): JWTService => {
      const service = createLabJWTService({ ...jwtOptions, audience, key: jwtKey, clock: clock.now }, mistakes);
      jwtServices.push(service);
      return service;
    };
    const createLockoutPolicy = (lockout: LockoutSettings): LockoutPolicy => createLabLockoutPolicy({ ...lockout, store: store.lockouts, clock: clock.now }, mistakes);
    const { router, resetMemory, ready } = stage.createRouter({ store, settings, clock: clock.now, realm, createJWTService, createLockoutPolicy });
    if (ready !== undefined) readiness.push(ready);
    const forgetEverything = (): void => {
      resetMemory?.();
      for (const service of jwtServices) service.forget();
    };
    const lab: LabStage = { stage, settings, store, clock, mistakes, resetMemory: forgetEverything };
    // On the stage's own router, after its routes: each request walks one router, not a nest of them.
    addLabRoutes(router, lab, { exposure: options.exposure ?? 'loopback' });
    // Mounted, so Express strips `/stages/<id>` and the stage's routes see their own paths.
    api.use(`/stages/${stage.info.id}`, startFlow, router);
    labs.push(lab);
  }

  api.get('/stages', (req, res) => {
    res.json({ stages: labs.map((lab) => describeStage(lab, transportOf(req))) });
  });
  // Reached by an id no stage is mounted at, and by a stage's requests none of its routes answered
  // (those go on to the plain 404).
  const stageIds = new Set<string>(labs.map(({ stage }) => stage.info.id));
  api.use('/stages/:stage', (req, _res, next) => {
    const known = stageIds.has(req.params.stage as string);
    next(known ? undefined : new HttpError(404, 'Unknown stage', { code: 'unknown_stage' }));
  });
  api.use(notFound);

  app.use('/api', api);
  if (options.playgroundDir !== undefined) app.use(servePlayground(options.playgroundDir));
  app.use(notFound);
  app.use(createErrorHandler({ log: options.logError ?? ((error) => console.error(error)) }));
  appsBeingPrepared.set(
    app,
    Promise.all(readiness).then(() => undefined),
  );
  return app;
}

const appsBeingPrepared = new WeakMap<Express, Promise<void>>();

/**
 * Settles once every stage can answer its first request as fast as its later ones (stage 6's
 * dummy hash exists). main.ts listens only after it, so no first request pays for warming up.
 */
export function whenAppReady(app: Express): Promise<void> {
  return appsBeingPrepared.get(app) ?? Promise.resolve();
}
