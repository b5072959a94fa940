import { createDummyHash, type Clock, type DummyHash, type JWTService, type LockoutPolicy, type LockoutSettings, type PasswordHasher } from '@authlab/auth-core';
import { Router, type Request, type RequestHandler } from 'express';
import type { KeyObject } from 'node:crypto';
import { FLOW_HEADER } from './flow.ts';
import { HttpError } from './http-error.ts';
import { createLabClock } from './lab-clock.ts';
import { createLabJWTService, createLabLockoutPolicy, createLabMistakes } from './lab-mistakes.ts';
import { addLabRoutes, describeStage, type Exposure, type LabStage } from './lab-routes.ts';
import { transportOf } from './sniff.ts';
import { stageNames, type StageJWTOptions, type StageSettings } from './stage.ts';
import { STAGES } from './stages/index.ts';
import type { SQLiteDatabase } from './store/database.ts';
import { createStageStore } from './store/stage-store.ts';

/**
 * One learner's six stages: their users, sessions, tokens, lockouts, rate-limit counters, demo
 * clocks and instructor mistakes. Local `npm start` has one set, the local workspace; a
 * classroom server has one per learner, side by side in one process and one database.
 */

/** The workspace of a lab run on one machine for one learner: its rows keep the stage id alone as their key. */
export const LOCAL_WORKSPACE = 'local';

export interface StageSetOptions {
  database: SQLiteDatabase;
  workspace: string;
  settings: StageSettings;
  clock: Clock;
  jwtKey: KeyObject;
  exposure: Exposure;
  /** Classroom mode: the headers that keep a request the lab sends itself (the sniffer's victim) in this workspace. */
  workspaceHeaders?: (req: Request) => Record<string, string> | undefined;
}

export interface StageSet {
  labs: readonly LabStage[];
  /** `/stages`, `/stages/<id>/…` and the unknown-stage answer, to mount under `/api`. */
  router: Router;
  /** Settles once every stage can answer its first request as fast as its later ones. */
  ready: Promise<void>;
}

/**
 * Where a workspace's rows live in the shared tables, and whom its tokens are for: the stage id
 * in the local workspace (as before workspaces existed, so a lab's data directory carries over),
 * prefixed with the workspace otherwise.
 */
export function workspaceKey(workspace: string, stageId: string): string {
  return workspace === LOCAL_WORKSPACE ? stageId : `${workspace}/${stageId}`;
}

/**
 * One dummy hash per scheme and cost for the whole process: it hashes a random password nobody
 * knows, so every workspace may share it, and a class of sixty joining at once costs no bcrypt
 * work instead of sixty hashes ahead of everyone's logins.
 */
const dummyHashes = new Map<string, DummyHash>();
function sharedDummyHash(hasher: PasswordHasher): DummyHash {
  const key = `${hasher.scheme}:${hasher.cost ?? ''}`;
  const dummy = dummyHashes.get(key) ?? createDummyHash(hasher);
  dummyHashes.set(key, dummy);
  return dummy;
}

/** Every stage request starts the flowchart at the client. */
const startFlow: RequestHandler = (_req, res, next) => {
  res.setHeader(FLOW_HEADER, 'A');
  next();
};

export function createStageSet(options: StageSetOptions): StageSet {
  const { database, workspace, settings, jwtKey } = options;
  // A stage is named by its id exactly: `/api/stages/JWT` is no stage, as before stages were mounted.
  const router = Router({ caseSensitive: true });
  const labs: LabStage[] = [];
  const readiness: Promise<void>[] = [];
  for (const stage of STAGES) {
    const clock = createLabClock(options.clock);
    const mistakes = createLabMistakes();
    const key = workspaceKey(workspace, stage.info.id);
    const store = createStageStore(database, key, clock.now);
    const { realm } = stageNames(stage.info.id);
    // The audience names the workspace too: one workspace's token is no token in another's stage.
    const audience = key;
    // The lab keeps the stage's JWT services, so that /reset can empty their verified-token caches.
    const jwtServices: JWTService[] = [];
    const createJWTService = (jwtOptions: StageJWTOptions): JWTService => {
      const service = createLabJWTService({ ...jwtOptions, audience, key: jwtKey, clock: clock.now }, mistakes);
      jwtServices.push(service);
      return service;
    };
    const createLockoutPolicy = (lockout: LockoutSettings): LockoutPolicy => createLabLockoutPolicy({ ...lockout, store: store.lockouts, clock: clock.now }, mistakes);
    const {
      router: stageRouter,
      resetMemory,
      ready,
    } = stage.createRouter({ store, settings, clock: clock.now, realm, createJWTService, createLockoutPolicy, createDummyHash: sharedDummyHash });
    if (ready !== undefined) readiness.push(ready);
    const forgetEverything = (): void => {
      resetMemory?.();
      for (const service of jwtServices) service.forget();
    };
    const lab: LabStage = { stage, settings, store, clock, mistakes, resetMemory: forgetEverything };
    // On the stage's own router, after its routes: each request walks one router, not a nest of them.
    addLabRoutes(stageRouter, lab, { exposure: options.exposure, ...(options.workspaceHeaders === undefined ? {} : { workspaceHeaders: options.workspaceHeaders }) });
    // Mounted, so Express strips `/stages/<id>` and the stage's routes see their own paths.
    router.use(`/stages/${stage.info.id}`, startFlow, stageRouter);
    labs.push(lab);
  }

  router.get('/stages', (req, res) => {
    res.json({ stages: labs.map((lab) => describeStage(lab, transportOf(req))) });
  });
  // Reached by an id no stage is mounted at, and by a stage's requests none of its routes answered
  // (those go on to the plain 404).
  const stageIds = new Set<string>(labs.map(({ stage }) => stage.info.id));
  router.use('/stages/:stage', (req, _res, next) => {
    const known = stageIds.has(req.params.stage as string);
    next(known ? undefined : new HttpError(404, 'Unknown stage', { code: 'unknown_stage' }));
  });
  return { labs, router, ready: Promise.all(readiness).then(() => undefined) };
}
