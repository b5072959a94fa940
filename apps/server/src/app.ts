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
import { createStageRelay } from './relay.ts';
import { relayToOwnApi } from './relay-own.ts';
import { createStageSet, LOCAL_WORKSPACE, type StageSet } from './stage-set.ts';
import { createClassroom, DEFAULT_CLASSROOM_OPTIONS, type Classroom, type ClassroomOptions } from './classroom/classroom.ts';
import { createClassroomRouter, localClassroomStatus } from './classroom/classroom-routes.ts';
import { requireWorkspace } from './classroom/workspace-gate.ts';
import { HttpError } from './http-error.ts';
import { createMemoryCounters, type SharedCounters } from './counters/index.ts';
import type { LabDatabase } from './store/database.ts';

export interface AppOptions {
  database: LabDatabase;
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
  /**
   * Classroom mode (AUTHLAB_MODE=classroom): a workspace per learner, an instructor dashboard.
   * Without it the lab is one learner's, as it always was.
   */
  classroom?: Partial<ClassroomOptions>;
  /** Express's `trust proxy` (AUTHLAB_TRUST_PROXY): which proxy in front may say who the client is and that TLS was used. */
  trustProxy?: number | string;
  /**
   * Where rate limits, request caps and attack slots are counted, and how processes tell each
   * other about changes: this process's memory (the default: one process), or Redis
   * (AUTHLAB_REDIS_URL) when several processes serve one class.
   */
  counters?: SharedCounters;
}

/** Builds the lesson server. It does not listen: main.ts does, tests hand it to supertest. */
export function createApp(options: AppOptions): Express {
  const settings: StageSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
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
  const clock = options.clock ?? systemClock;
  const jwtKey = createJWTKey(options.jwtSecret);
  // On the lab's clock, so a test's fake clock runs out attack slots too.
  const counters = options.counters ?? createMemoryCounters({ clock });
  const classroom =
    options.classroom === undefined
      ? undefined
      : createClassroom({
          ...DEFAULT_CLASSROOM_OPTIONS,
          ...options.classroom,
          database: options.database,
          counters,
          clock,
          createStages: (workspace) => buildStages(workspace),
        });
  const buildStages = (workspace: string): StageSet =>
    createStageSet({
      database: options.database,
      counters,
      workspace,
      settings,
      clock,
      jwtKey,
      exposure: classroom === undefined ? (options.exposure ?? 'loopback') : 'owner',
      ...classroom?.stageOptionsFor(workspace),
    });

  if (classroom === undefined) {
    api.get('/classroom', localClassroomStatus);
    // For the playground's practice checks: requests with headers only another site's page would cause.
    api.post('/relay', jsonBody, createStageRelay());
    // For the playground's "Your API" page: the checks against a learner's own API, on this machine.
    api.post('/relay/own', jsonBody, relayToOwnApi);
    // Read-only: the learner's own runs of the exercises, for the playground's progress menu.
    api.get('/exercises/progress', serveExerciseProgress(options.exerciseRunsFile));
    const stages = buildStages(LOCAL_WORKSPACE);
    api.use(stages.router);
    appsBeingPrepared.set(app, stages.ready);
  } else {
    appsBeingPrepared.set(app, classroom.ready);
    mountClassroom(api, classroom, counters);
    classrooms.set(app, classroom);
  }
  api.use(notFound);

  app.use('/api', api);
  if (options.playgroundDir !== undefined) app.use(servePlayground(options.playgroundDir));
  app.use(notFound);
  app.use(createErrorHandler({ log: options.logError ?? ((error) => console.error(error)) }));
  return app;
}

/**
 * A classroom's `/api`: its own routes, the stages of the asker's workspace, and the relay into
 * them. What only makes sense on one learner's machine is refused: the relay to a learner's own
 * API (it would let a classmate reach the server's loopback services) and the exercise runs on
 * the server's disk.
 */
function mountClassroom(api: Router, classroom: Classroom, counters: SharedCounters): void {
  api.use('/classroom', createClassroomRouter(classroom, counters));
  api.post('/relay', requireWorkspace(classroom.readWorkspace), jsonBody, createStageRelay({ workspaceHeaders: classroom.relayHeaders }));
  const onLearnersMachine = (what: string) => () => {
    throw new HttpError(403, `${what} runs on your own machine: start AuthLab there with npm start`, { code: 'local_only' });
  };
  api.post('/relay/own', onLearnersMachine('Checking your own API'));
  api.get('/exercises/progress', onLearnersMachine('The exercise progress'));
  // Returned, so that Express 5 hands a failure of the asynchronous gate (the database away) to the error handler.
  api.use((req, res, next) => (/^\/stages(\/|$)/.test(req.path) ? classroom.stageGate(req, res, next) : next()));
}

const classrooms = new WeakMap<Express, Classroom>();

/** The classroom of an app built in classroom mode: main.ts prints its links, tests drive it. */
export function classroomOf(app: Express): Classroom | undefined {
  return classrooms.get(app);
}

const appsBeingPrepared = new WeakMap<Express, Promise<void>>();

/**
 * Settles once every stage can answer its first request as fast as its later ones (stage 6's
 * dummy hash exists). main.ts listens only after it, so no first request pays for warming up.
 */
export function whenAppReady(app: Express): Promise<void> {
  return appsBeingPrepared.get(app) ?? Promise.resolve();
}
