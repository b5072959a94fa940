import { createJWTKey, systemClock, type Clock } from '@authlab/auth-core';
import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import { refuseCrossSiteRequests } from './cross-site-guard.ts';
import { createHostGuard } from './host-guard.ts';
import { createErrorHandler, notFound } from './http-error.ts';
import { serveExerciseProgress } from './exercise-progress.ts';
import type { Exposure } from './lab-routes.ts';
import { DEFAULT_SETTINGS, type StageSettings } from './stage.ts';
import { jsonBody } from './input.ts';
import { servePlayground } from './playground.ts';
import { relayToOwnStage } from './relay.ts';
import { relayToOwnApi } from './relay-own.ts';
import { createStageSet, LOCAL_WORKSPACE } from './stage-set.ts';
import type { SQLiteDatabase } from './store/database.ts';

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

/** Builds the lesson server. It does not listen: main.ts does, tests hand it to supertest. */
export function createApp(options: AppOptions): Express {
  const settings: StageSettings = { ...DEFAULT_SETTINGS, ...options.settings };
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

  const stages = createStageSet({
    database: options.database,
    workspace: LOCAL_WORKSPACE,
    settings,
    clock: options.clock ?? systemClock,
    jwtKey: createJWTKey(options.jwtSecret),
    exposure: options.exposure ?? 'loopback',
  });
  api.use(stages.router);
  api.use(notFound);

  app.use('/api', api);
  if (options.playgroundDir !== undefined) app.use(servePlayground(options.playgroundDir));
  app.use(notFound);
  app.use(createErrorHandler({ log: options.logError ?? ((error) => console.error(error)) }));
  appsBeingPrepared.set(app, stages.ready);
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
