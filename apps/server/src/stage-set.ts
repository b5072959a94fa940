import {
  createBcryptHasher,
  createDummyHash,
  createMemoryLockoutStore,
  type Clock,
  type DummyHash,
  type JWTService,
  type LockoutPolicy,
  type LockoutSettings,
  type PasswordHasher,
} from '@authlab/auth-core';
import { Router, type Request, type RequestHandler } from 'express';
import { MemoryStore } from 'express-rate-limit';
import type { KeyObject } from 'node:crypto';
import { FLOW_HEADER } from './flow.ts';
import { runAtOnce, scheduledDummyHash, scheduledHasher, type HashScheduler } from './hash-scheduling.ts';
import { HttpError } from './http-error.ts';
import { createLabClock } from './lab-clock.ts';
import { createLabJWTService, createLabLockoutPolicy, createLabMistakes, MISTAKES } from './lab-mistakes.ts';
import { SIMULATED_PROCESSES, switchingLockoutStore, switchingRateLimitStore } from './process-memory.ts';
import { addLabRoutes, describeStage, forgetLabMemory, type Exposure, type LabStage } from './lab-routes.ts';
import { transportOf } from './sniff.ts';
import { createSharedStageControls, type StageControls } from './stage-controls.ts';
import { stageNames, type StageJWTOptions, type StageRouter, type StageSettings } from './stage.ts';
import { STAGES } from './stages/index.ts';
import type { SharedCounters } from './counters/index.ts';
import type { LabDatabase } from './store/database.ts';
import type { RowCap } from './store/row-cap.ts';
import { createStageStore } from './store/stage-store.ts';

/**
 * One learner's six stages: their users, sessions, tokens, lockouts, rate-limit counters, demo
 * clocks and instructor mistakes. Local `npm start` has one set, the local workspace; a
 * classroom server has one per learner, side by side in one process and one database.
 */

/** The workspace of a lab run on one machine for one learner: its rows keep the stage id alone as their key. */
export const LOCAL_WORKSPACE = 'local';

export interface StageSetOptions {
  database: LabDatabase;
  /** Where stage 6 counts logins and registrations per client: shared by every process serving the stage. */
  counters: SharedCounters;
  workspace: string;
  settings: StageSettings;
  clock: Clock;
  jwtKey: KeyObject;
  exposure: Exposure;
  /** Classroom mode: accounts one stage may hold; a registration past it gets `tooManyUsers()`. */
  userCap?: RowCap;
  /** Classroom mode: where this workspace's password hashing takes its turn. Locally it runs at once. */
  scheduleHashing?: HashScheduler;
  /** Classroom mode: the headers that keep a request the lab sends itself (the sniffer's victim) in this workspace. */
  workspaceHeaders?: (req: Request) => Record<string, string> | undefined;
}

export interface StageSet {
  labs: readonly LabStage[];
  /** `/stages`, `/stages/<id>/…` and the unknown-stage answer, to mount under `/api`. */
  router: Router;
  /** Settles once every stage can answer its first request as fast as its later ones. */
  ready: Promise<void>;
  /** Forgets what the stages keep outside their rows (rate-limit counters, demo clocks, mistakes), as /reset does. */
  forget(): Promise<void>;
  /** Stops the stages' background timers, for a workspace being deleted. */
  dispose(): void;
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
 * One dummy hash per cost for the whole process: it hashes a random password nobody knows, so
 * every workspace may share it, and a class of sixty joining at once costs no bcrypt work
 * instead of sixty hashes ahead of everyone's logins. Made outside any workspace's turn; each
 * verification against it takes the verifying workspace's turn.
 */
const dummyHashes = new Map<number, DummyHash>();
function sharedDummyHash(hasher: PasswordHasher, schedule: HashScheduler): DummyHash {
  if (hasher.scheme !== 'bcrypt' || hasher.cost === undefined) throw new Error('the lab makes dummy hashes for bcrypt stages only');
  const dummy = dummyHashes.get(hasher.cost) ?? createDummyHash(createBcryptHasher({ cost: hasher.cost }));
  dummyHashes.set(hasher.cost, dummy);
  return scheduledDummyHash(dummy, schedule);
}

/** One copy of a stage's router, and how to forget what it counted in this process's memory alone. */
interface ProcessCopy extends StageRouter {
  forgetProcessMemory(): void;
}

/** Before a stage answers, its clock and mistakes as the processes sharing it last set them. */
const loadControls =
  (controls: StageControls): RequestHandler =>
  async (_req, _res, next) => {
    await controls.load();
    next();
  };

/** Every stage request starts the flowchart at the client. */
const startFlow: RequestHandler = (_req, res, next) => {
  res.setHeader(FLOW_HEADER, 'A');
  next();
};

export function createStageSet(options: StageSetOptions): StageSet {
  const { database, workspace, settings, jwtKey } = options;
  const schedule = options.scheduleHashing ?? runAtOnce;
  const bcryptHasher = (hasherOptions: { cost: number }): PasswordHasher => scheduledHasher(createBcryptHasher(hasherOptions), schedule);
  const dummyHash = (hasher: PasswordHasher): DummyHash => sharedDummyHash(hasher, schedule);
  // A stage is named by its id exactly: `/api/stages/JWT` is no stage, as before stages were mounted.
  const router = Router({ caseSensitive: true });
  const labs: LabStage[] = [];
  const readiness: Promise<void>[] = [];
  const disposers: (() => void)[] = [];
  for (const stage of STAGES) {
    const clock = createLabClock(options.clock);
    const mistakes = createLabMistakes();
    const key = workspaceKey(workspace, stage.info.id);
    const store = createStageStore(database, key, clock.now, options.userCap === undefined ? {} : { userCap: options.userCap });
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
    const processMemory = (): boolean => mistakes.has('memory-rate-limit');
    const copies: ProcessCopy[] = [];
    // What the copies counted in this process's memory, and only that: the shared counts are the resetting process's to clear.
    const forgetProcessMemory = (): void => {
      for (const copy of copies) copy.forgetProcessMemory();
    };
    // Several processes serve a stage on PostgreSQL: its demo controls are then read from there before every request.
    const controls = database.engine === 'postgres' ? createSharedStageControls(database, key, { clock, mistakes, forgetProcessMemory }) : undefined;
    const lab: LabStage = {
      stage,
      settings,
      store,
      clock,
      mistakes,
      resetMemory: async () => {
        for (const service of jwtServices) service.forget();
        await Promise.all(copies.map((copy) => copy.resetMemory?.()));
      },
      createBcryptHasher: bcryptHasher,
      ...(controls === undefined ? {} : { controls }),
    };
    /** One copy of the stage's router: with the mistake on, each copy is a process counting in its own memory. */
    const buildCopy = (): ProcessCopy => {
      let memoryLockouts = createMemoryLockoutStore();
      const memoryStores: MemoryStore[] = [];
      const newMemoryStore = (): MemoryStore => {
        const memory = new MemoryStore();
        memoryStores.push(memory);
        return memory;
      };
      const lockouts = switchingLockoutStore(store.lockouts, () => memoryLockouts, processMemory);
      const copy = stage.createRouter({
        store,
        settings,
        clock: clock.now,
        realm,
        createJWTService,
        createLockoutPolicy: (lockout: LockoutSettings): LockoutPolicy => createLabLockoutPolicy({ ...lockout, store: lockouts, clock: clock.now }, mistakes),
        createBcryptHasher: bcryptHasher,
        createDummyHash: dummyHash,
        createRateLimitStore: (name) => switchingRateLimitStore(options.counters.rateLimitStore(`${key}:${name}`), newMemoryStore(), processMemory),
      });
      // On the stage's own router, after its routes: each request walks one router, not a nest of them.
      addLabRoutes(copy.router, lab, { exposure: options.exposure, ...(options.workspaceHeaders === undefined ? {} : { workspaceHeaders: options.workspaceHeaders }) });
      return {
        ...copy,
        resetMemory: async () => {
          memoryLockouts = createMemoryLockoutStore();
          await copy.resetMemory?.();
        },
        forgetProcessMemory: () => {
          memoryLockouts = createMemoryLockoutStore();
          // A memory store empties its maps before its promise settles.
          for (const memory of memoryStores) void memory.resetAll();
        },
      };
    };
    const first = buildCopy();
    copies.push(first);
    if (first.ready !== undefined) readiness.push(first.ready);
    disposers.push(() => {
      for (const copy of copies) copy.dispose?.();
    });
    // Only a lab in one process stands in for several; the stand-ins are built when first needed.
    const standIns = options.counters.kind === 'memory' && MISTAKES['memory-rate-limit'].appliesTo(stage.policy(settings)) ? SIMULATED_PROCESSES : 1;
    let turn = 0;
    const dealOut: RequestHandler = async (req, res, next) => {
      const index = standIns > 1 && processMemory() ? turn++ % standIns : 0;
      // A copy is built past an await, so its limiters are made from a fresh stack: built inside
      // this handler's, express-rate-limit would take them for limiters made anew per request.
      if (copies.length <= index) await Promise.resolve();
      while (copies.length <= index) copies.push(buildCopy());
      (copies[index] ?? first).router(req, res, next);
    };
    // Mounted, so Express strips `/stages/<id>` and the stage's routes see their own paths.
    router.use(`/stages/${stage.info.id}`, startFlow, ...(controls === undefined ? [] : [loadControls(controls)]), standIns > 1 ? dealOut : first.router);
    labs.push(lab);
  }

  router.get('/stages', async (req, res) => {
    await Promise.all(labs.map((lab) => lab.controls?.load()));
    res.json({ stages: labs.map((lab) => describeStage(lab, transportOf(req))) });
  });
  // Reached by an id no stage is mounted at, and by a stage's requests none of its routes answered
  // (those go on to the plain 404).
  const stageIds = new Set<string>(labs.map(({ stage }) => stage.info.id));
  router.use('/stages/:stage', (req, _res, next) => {
    const known = stageIds.has(req.params.stage as string);
    next(known ? undefined : new HttpError(404, 'Unknown stage', { code: 'unknown_stage' }));
  });
  return {
    labs,
    router,
    ready: Promise.all(readiness).then(() => undefined),
    forget: async () => {
      await Promise.all(labs.map(forgetLabMemory));
    },
    dispose: () => {
      for (const dispose of disposers) dispose();
    },
  };
}
